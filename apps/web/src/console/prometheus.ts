/** One sample of a Prometheus text exposition: `name{label="value",…} number`. */
export interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

const LINE = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})?\s+(\S+)/;
const LABEL = /([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g;

/** The samples of an exposition; comments and lines it cannot read are skipped. */
export const parseMetrics = (text: string): Sample[] =>
  text.split('\n').flatMap((line) => {
    if (line.startsWith('#')) return [];
    const match = LINE.exec(line.trim());
    if (!match) return [];
    const labels: Record<string, string> = {};
    for (const [, key, value] of (match[2] ?? '').matchAll(LABEL))
      if (key) labels[key] = (value ?? '').replace(/\\(.)/g, '$1');
    const value = Number(match[3]);
    return Number.isNaN(value) ? [] : [{ name: match[1] ?? '', labels, value }];
  });
