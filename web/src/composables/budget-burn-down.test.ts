import { describe, expect, it } from 'vitest';
import { burnDown } from './budget-burn-down';

const line = {
  budgetMinutes: 1200,
  from: '2026-09-01',
  to: '2027-06-30',
  byMonth: [
    { month: '2026-09', deliveredMinutes: 120, bookedMinutes: 0 },
    { month: '2026-10', deliveredMinutes: 240, bookedMinutes: 0 },
    { month: '2026-11', deliveredMinutes: 60, bookedMinutes: 60 },
  ],
};

describe('burnDown', () => {
  it('walks every month of the period and what is left after each, up to now', () => {
    const result = burnDown(line, '2026-11');
    expect(result.months).toHaveLength(10);
    expect(result.months[0]).toBe('2026-09');
    expect(result.months.at(-1)).toBe('2027-06');
    expect(result.remaining.slice(0, 4)).toEqual([1080, 840, 720, null]);
  });

  it('projects the end of the budget at the pace of the months gone by', () => {
    const result = burnDown(line, '2026-11');
    // 480 minutes in three months: 160 a month; 720 left lasts 4.5 months → runs out in April.
    expect(result.pacePerMonth).toBe(160);
    expect(result.projected[2]).toBe(720);
    expect(result.projected[3]).toBe(560);
    expect(result.projectedEnd).toBe('2027-04');
  });

  it('has no projected end when the budget outlasts the period, or nothing was used', () => {
    expect(burnDown({ ...line, budgetMinutes: 100_000 }, '2026-11').projectedEnd).toBeNull();
    expect(burnDown({ ...line, byMonth: [] }, '2026-11').projectedEnd).toBeNull();
  });

  it('says the budget is out now when nothing is left', () => {
    expect(burnDown({ ...line, budgetMinutes: 300 }, '2026-11').projectedEnd).toBe('2026-11');
  });
});
