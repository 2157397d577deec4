import { badInput } from './validation';

const DAY = 86_400_000;

/** `from`/`to` are UTC days `YYYY-MM-DD`; absent, the last 30 days up to today. */
export const dashboardRange = (query: Record<string, unknown>, now: Date) => {
  const day = (value: unknown, field: string) => {
    if (
      typeof value !== 'string' ||
      !/^\d{4}-\d{2}-\d{2}$/.test(value) ||
      Number.isNaN(Date.parse(`${value}T00:00:00Z`))
    ) {
      throw badInput(`${field} must be a UTC day YYYY-MM-DD`, [{ field, problems: ['not a day'] }]);
    }
    return value;
  };
  const to = query.to === undefined ? now.toISOString().slice(0, 10) : day(query.to, 'to');
  const from =
    query.from === undefined
      ? new Date(Date.parse(`${to}T00:00:00Z`) - 29 * DAY).toISOString().slice(0, 10)
      : day(query.from, 'from');
  const campaign = query.campaign;
  if (
    campaign !== undefined &&
    (typeof campaign !== 'string' || !/^[a-z0-9-]{1,64}$/.test(campaign))
  ) {
    throw badInput('campaign must be 1 to 64 of a-z 0-9 -', [
      { field: 'campaign', problems: ['invalid'] },
    ]);
  }
  return { from, to, ...(campaign ? { campaign: campaign as string } : {}) };
};

export const positiveInt = (value: unknown, field: string): number => {
  const number = Number(value);
  if (!/^\d{1,4}$/.test(String(value)) || number < 1)
    throw badInput(`${field} must be a positive integer`, [
      { field, problems: ['not a positive integer'] },
    ]);
  return number;
};
