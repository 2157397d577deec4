import { changeRules, evolveProgram, initialProgram } from '../src/program/change-rules';
import { DEFAULT_RULES } from '../src/program/program-rules';
import { at, rulesChanged } from './fixtures';

const given = (...events: ReturnType<typeof rulesChanged>[]) =>
  events.reduce(evolveProgram, initialProgram);

describe('program rules', () => {
  it('before any change the defaults apply at version 0: USD, 30-day window, last_click, 30-day hold, 5000 minimum', () => {
    expect(initialProgram).toEqual({ version: 0, rules: DEFAULT_RULES });
    expect(DEFAULT_RULES).toMatchObject({
      currency: 'USD',
      cookieWindowDays: 30,
      attributionModel: 'last_click',
      holdDays: 30,
      minPayoutCents: 5000,
    });
  });

  it('a change is a new version that keeps every rule it does not name', () => {
    expect(changeRules(given(), { changes: { cookieWindowDays: 7 }, now: at(1) })).toEqual({
      type: 'ProgramRulesChanged',
      data: { ...DEFAULT_RULES, cookieWindowDays: 7, version: 1, occurredAt: at(1) },
    });
  });

  it('versions follow one another', () => {
    expect(
      changeRules(given(rulesChanged(1), rulesChanged(2)), { changes: {}, now: at(1) }).data
        .version,
    ).toBe(3);
  });

  it('a change that changes nothing is still a new version', () => {
    const event = changeRules(given(rulesChanged(1)), { changes: { holdDays: 30 }, now: at(1) });
    expect(event.data).toMatchObject({ ...DEFAULT_RULES, version: 2 });
  });

  it('an undefined value changes nothing', () => {
    expect(
      changeRules(given(), { changes: { holdDays: undefined }, now: at(1) }).data.holdDays,
    ).toBe(30);
  });

  it('the rules in force are the latest change', () => {
    expect(
      given(rulesChanged(1, { defaultRateBps: 500 }), rulesChanged(2, { defaultRateBps: 700 })),
    ).toEqual({
      version: 2,
      rules: { ...DEFAULT_RULES, defaultRateBps: 700 },
    });
  });

  it('a change made on the version in force is the next version', () => {
    const state = given(rulesChanged(1), rulesChanged(2));
    expect(
      changeRules(state, { changes: { holdDays: 14 }, now: at(1), expectedVersion: 2 }).data,
    ).toMatchObject({ holdDays: 14, version: 3 });
  });

  it('a change made on an older version is refused as a concurrent change (409), naming both versions', () => {
    const state = given(rulesChanged(1), rulesChanged(2));
    expect(() =>
      changeRules(state, { changes: { holdDays: 14 }, now: at(1), expectedVersion: 1 }),
    ).toThrow(
      expect.objectContaining({
        code: 'concurrent_change',
        kind: 'conflict',
        message: expect.stringContaining('version 2, not 1'),
      }),
    );
  });
});
