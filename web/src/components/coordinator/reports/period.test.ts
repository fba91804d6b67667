import { describe, expect, it } from 'vitest';
import { isCalendarDay, isValidPeriod, monthsOf, nextDay, presetOf, presetPeriod, toApiPeriod } from './period';

describe('report period presets', () => {
  it.each([
    // today, this month, last month
    ['2027-03-15', { from: '2027-03-01', to: '2027-03-31' }, { from: '2027-02-01', to: '2027-02-28' }],
    ['2028-03-01', { from: '2028-03-01', to: '2028-03-31' }, { from: '2028-02-01', to: '2028-02-29' }],
    ['2027-01-31', { from: '2027-01-01', to: '2027-01-31' }, { from: '2026-12-01', to: '2026-12-31' }],
    ['2026-12-01', { from: '2026-12-01', to: '2026-12-31' }, { from: '2026-11-01', to: '2026-11-30' }],
  ])(
    'on %s: this month and last month are whole calendar months (leap years and new year included)',
    (today, thisMonth, lastMonth) => {
      expect(presetPeriod('thisMonth', today)).toEqual(thisMonth);
      expect(presetPeriod('lastMonth', today)).toEqual(lastMonth);
    },
  );

  it.each([
    ['2026-09-01', '2026-09-01', '2027-08-31'],
    ['2026-12-20', '2026-09-01', '2027-08-31'],
    ['2027-03-15', '2026-09-01', '2027-08-31'],
    ['2027-08-31', '2026-09-01', '2027-08-31'],
    ['2027-09-01', '2027-09-01', '2028-08-31'],
  ])('on %s the school year runs from %s to %s (1 September to 31 August)', (today, from, to) => {
    expect(presetPeriod('thisSchoolYear', today)).toEqual({ from, to });
  });

  it('the last 12 months are this month and the eleven whole months before it', () => {
    expect(presetPeriod('last12Months', '2027-03-15')).toEqual({ from: '2026-04-01', to: '2027-03-31' });
    expect(presetPeriod('last12Months', '2026-12-01')).toEqual({ from: '2026-01-01', to: '2026-12-31' });
    expect(monthsOf(presetPeriod('last12Months', '2027-03-15'))).toHaveLength(12);
  });

  it('recognises the preset a period is, to mark its button', () => {
    expect(presetOf({ from: '2026-09-01', to: '2027-08-31' }, '2027-03-15')).toBe('thisSchoolYear');
    expect(presetOf({ from: '2027-02-01', to: '2027-02-28' }, '2027-03-15')).toBe('lastMonth');
    expect(presetOf({ from: '2027-02-02', to: '2027-02-28' }, '2027-03-15')).toBeUndefined();
  });
});

describe('report period in the API', () => {
  it('sends the last day as the next midnight (to is excluded), across month and year ends', () => {
    expect(toApiPeriod({ from: '2026-09-01', to: '2027-08-31' })).toEqual({ from: '2026-09-01', to: '2027-09-01' });
    expect(nextDay('2026-12-31')).toBe('2027-01-01');
    expect(nextDay('2028-02-28')).toBe('2028-02-29');
  });

  it('cuts a period into its calendar months, the first and last cut to the period', () => {
    expect(monthsOf({ from: '2027-01-15', to: '2027-03-10' })).toEqual([
      { key: '2027-01', query: { from: '2027-01-15', to: '2027-02-01' } },
      { key: '2027-02', query: { from: '2027-02-01', to: '2027-03-01' } },
      { key: '2027-03', query: { from: '2027-03-01', to: '2027-03-11' } },
    ]);
    expect(monthsOf({ from: '2027-05-04', to: '2027-05-04' })).toEqual([
      { key: '2027-05', query: { from: '2027-05-04', to: '2027-05-05' } },
    ]);
  });

  it('accepts only real days, the last not before the first', () => {
    expect(isCalendarDay('2027-02-29')).toBe(false);
    expect(isCalendarDay('2028-02-29')).toBe(true);
    expect(isCalendarDay('27-02-01')).toBe(false);
    expect(isValidPeriod({ from: '2027-03-02', to: '2027-03-01' })).toBe(false);
    expect(isValidPeriod({ from: '2027-03-01', to: '2027-03-01' })).toBe(true);
  });
});
