/** One line, rewritten in place on a terminal: events processed, rate, ETA. */
export const progressReporter = (
  label: string,
  total: number,
  out: NodeJS.WriteStream = process.stderr,
) => {
  const started = Date.now();
  let last = 0;
  return (done: number, force = false) => {
    const now = Date.now();
    if (!force && now - last < 500) return;
    last = now;
    const seconds = Math.max((now - started) / 1000, 0.001);
    const rate = done / seconds;
    const eta = rate > 0 && total > done ? Math.ceil((total - done) / rate) : 0;
    const line = `${label}: ${done.toLocaleString('en')}/${total.toLocaleString('en')} events, ${Math.round(rate).toLocaleString('en')}/s, ETA ${eta}s`;
    out.write(out.isTTY ? `\r${line}` : `${line}\n`);
    if (force && out.isTTY) out.write('\n');
  };
};
