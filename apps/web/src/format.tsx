/** Amounts in the program currency, from integer minor units, in the viewer's locale. */
export const money = (cents: number, currency: string) => {
  const digits =
    new Intl.NumberFormat(undefined, { style: 'currency', currency }).resolvedOptions()
      .maximumFractionDigits ?? 2;
  return new Intl.NumberFormat(undefined, { style: 'currency', currency }).format(
    cents / 10 ** digits,
  );
};

export const percent = (rate: number) =>
  new Intl.NumberFormat(undefined, { style: 'percent', maximumFractionDigits: 2 }).format(rate);

/** `1 day`, `30 days`. */
export const days = (count: number) => `${count} ${count === 1 ? 'day' : 'days'}`;

export const bps = (value: number) => percent(value / 10_000);

/** A moment in the viewer's time zone; the UTC instant on hover (and for screen readers, in the datetime). */
export const Time = ({ at, dateOnly = false }: { at: string; dateOnly?: boolean }) => {
  const date = new Date(at);
  const shown = dateOnly
    ? date.toLocaleDateString(undefined, { year: 'numeric', month: 'short', day: 'numeric' })
    : date.toLocaleString(undefined, {
        year: 'numeric',
        month: 'short',
        day: 'numeric',
        hour: '2-digit',
        minute: '2-digit',
      });
  return (
    <time
      dateTime={date.toISOString()}
      title={`${date.toISOString().replace('T', ' ').slice(0, 19)} UTC`}
    >
      {shown}
    </time>
  );
};

export const Loading = ({ what }: { what: string }) => (
  <p role="status" className="muted">
    Loading {what}…
  </p>
);

export const Failure = ({ error }: { error: unknown }) => (
  <p role="alert" className="error">
    {error instanceof Error ? error.message : 'Something went wrong.'}
  </p>
);
