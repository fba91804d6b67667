import { describe, expect, it } from 'vitest';
import { emptySeriesRule, isSeriesRuleComplete, seriesRuleBody } from './series-rule';

describe('seriesRuleBody', () => {
  it('sends a weekly rule with its weekdays as sorted numbers', () => {
    const draft = {
      ...emptySeriesRule(),
      first: '2026-01-13',
      until: '2026-03-27',
      weekdays: ['4', '2'],
      start: '13:00',
    };
    expect(isSeriesRuleComplete(draft)).toBe(true);
    expect(seriesRuleBody(draft)).toEqual({
      sessions: { first: '2026-01-13', until: '2026-03-27', weekdays: [2, 4], start: '13:00' },
      skipHolidays: true,
      excludeDates: [],
    });
  });

  it('sends given dates as Rome times with their offset, across the DST switch', () => {
    const draft = {
      ...emptySeriesRule(),
      kind: 'dates' as const,
      dates: [
        { date: '2026-03-26', time: '16:00' },
        { date: '2026-03-31', time: '16:00' },
        { date: '', time: '' },
      ],
      excludeDates: ['', '2026-04-02'],
      skipHolidays: false,
    };
    expect(seriesRuleBody(draft)).toEqual({
      sessions: { dates: ['2026-03-26T16:00:00+01:00', '2026-03-31T16:00:00+02:00'] },
      skipHolidays: false,
      excludeDates: ['2026-04-02'],
    });
  });

  it('is not complete without a weekday or a date', () => {
    expect(
      isSeriesRuleComplete({ ...emptySeriesRule(), first: '2026-01-13', until: '2026-01-20', start: '10:00' }),
    ).toBe(false);
    expect(isSeriesRuleComplete({ ...emptySeriesRule(), kind: 'dates' })).toBe(false);
  });
});
