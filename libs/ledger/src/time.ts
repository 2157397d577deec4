const DAY_MS = 86_400_000;

export const addDays = (iso: string, days: number): string =>
  new Date(Date.parse(iso) + days * DAY_MS).toISOString();

export const isBefore = (a: string, b: string): boolean => Date.parse(a) < Date.parse(b);

/** Whole milliseconds between two instants, b − a. */
export const msBetween = (a: string, b: string): number => Date.parse(b) - Date.parse(a);

export const DAY = DAY_MS;
