import fc from 'fast-check';
import { requestStatuses } from '@ponte/shared';
import { describe, expect, it } from 'vitest';
import {
  chargeKind,
  chooseFundingLine,
  decideCharge,
  goesOverBudget,
  lineCovers,
  lineUsage,
  localStartDate,
  type ChargeableLine,
  type ChargedRequest,
  type UsageGroup,
} from './funding.js';

const line = (overrides: Partial<ChargeableLine> = {}): ChargeableLine => ({
  id: '00000000-0000-4000-8000-000000000001',
  from: '2026-09-01',
  to: '2027-06-30',
  budgetMinutes: 2400,
  organizationIds: [],
  districtIds: [],
  serviceTypes: [],
  overBudget: 'warn',
  ...overrides,
});

const request = (overrides: Partial<ChargedRequest> = {}): ChargedRequest => ({
  organizationId: 'org-vimercate',
  districtId: 'vimercate',
  serviceType: 'school_welcome',
  startsAt: new Date('2026-11-10T08:00:00Z'),
  ...overrides,
});

describe('the period of a line, in Europe/Rome dates', () => {
  it.each([
    // 00:30 in Rome on 1 September is still 31 August in UTC: the line covers it.
    ['first day, just after local midnight (CEST)', '2026-08-31T22:30:00Z', true],
    ['the evening before the first day, local time', '2026-08-31T21:59:00Z', false],
    // 23:30 in Rome on 30 June is 21:30 UTC; 00:10 on 1 July is 22:10 UTC on 30 June.
    ['last day, late evening local time', '2027-06-30T21:30:00Z', true],
    ['the day after the last, just after local midnight', '2027-06-30T22:10:00Z', false],
    // Winter time: Rome is UTC+1.
    ['a winter date, local midnight', '2026-12-31T23:00:00Z', true],
  ])('%s (%s) → %s', (_name, startsAt, covered) => {
    expect(lineCovers(line(), request({ startsAt: new Date(startsAt) }))).toBe(covered);
  });

  it('reads the start date on the Rome wall clock', () => {
    expect(localStartDate(new Date('2027-03-27T23:30:00Z'))).toBe('2027-03-28');
    expect(localStartDate(new Date('2026-10-24T22:30:00Z'))).toBe('2026-10-25');
  });
});

describe('the lists of a line (empty = all)', () => {
  it.each<[string, Partial<ChargeableLine>, boolean]>([
    ['all empty', {}, true],
    ['its organization listed', { organizationIds: ['org-vimercate', 'org-trezzo'] }, true],
    ['another organization only', { organizationIds: ['org-trezzo'] }, false],
    ['its district listed', { districtIds: ['vimercate'] }, true],
    ['another district only', { districtIds: ['trezzo'] }, false],
    ['its service listed', { serviceTypes: ['school_welcome', 'school_meeting'] }, true],
    ['another service only', { serviceTypes: ['home_visit'] }, false],
    ['every list must hold', { districtIds: ['vimercate'], serviceTypes: ['home_visit'] }, false],
  ])('%s → %s', (_name, lists, covered) => {
    expect(lineCovers(line(lists), request())).toBe(covered);
  });
});

describe('chooseFundingLine', () => {
  const early = line({ id: 'b', from: '2026-01-01', to: '2027-12-31' });
  const late = line({ id: 'a', from: '2026-09-01' });
  it('takes the first covering line by from, whatever the order given', () => {
    expect(chooseFundingLine([late, early], request())?.id).toBe('b');
    expect(chooseFundingLine([early, late], request())?.id).toBe('b');
  });
  it('skips a line that does not cover the request', () => {
    const elsewhere = line({ id: 'c', from: '2025-01-01', to: '2028-01-01', districtIds: ['trezzo'] });
    expect(chooseFundingLine([elsewhere, late], request())?.id).toBe('a');
  });
  it('breaks a tie of from by id', () => {
    expect(chooseFundingLine([line({ id: 'z' }), line({ id: 'y' })], request())?.id).toBe('y');
  });
  it('is null when no line covers the request', () => {
    expect(chooseFundingLine([line({ to: '2026-10-31' })], request())).toBeNull();
    expect(chooseFundingLine([], request())).toBeNull();
  });
});

const group = (overrides: Partial<UsageGroup>): UsageGroup => ({
  status: 'searching',
  lateCancellation: false,
  confirmed: null,
  durationMinutes: 60,
  actualMinutes: 0,
  ...overrides,
});

describe('what a line has used', () => {
  it.each<[string, Partial<UsageGroup>, { booked: number; delivered: number }]>([
    ['searching: booked', { status: 'searching' }, { booked: 60, delivered: 0 }],
    ['assigned: booked', { status: 'assigned' }, { booked: 60, delivered: 0 }],
    ['completed, not confirmed: booked', { status: 'completed', actualMinutes: 50 }, { booked: 60, delivered: 0 }],
    [
      'completed and confirmed: its actual minutes delivered',
      { status: 'completed', confirmed: true, actualMinutes: 50 },
      { booked: 0, delivered: 50 },
    ],
    [
      'completed and disputed: nothing',
      { status: 'completed', confirmed: false, actualMinutes: 50 },
      { booked: 0, delivered: 0 },
    ],
    [
      'cancelled late: its duration delivered (the provider pays it)',
      { status: 'cancelled', lateCancellation: true },
      { booked: 0, delivered: 60 },
    ],
    ['cancelled in time: nothing', { status: 'cancelled' }, { booked: 0, delivered: 0 }],
    ['unfilled: nothing', { status: 'unfilled' }, { booked: 0, delivered: 0 }],
    ['expired: nothing', { status: 'expired' }, { booked: 0, delivered: 0 }],
    ['awaiting approval: nothing until approved', { status: 'awaiting_approval' }, { booked: 0, delivered: 0 }],
  ])('%s', (_name, fields, expected) => {
    const usage = lineUsage(600, [group(fields)]);
    expect({ booked: usage.bookedMinutes, delivered: usage.deliveredMinutes }).toEqual(expected);
    expect(usage.remainingMinutes).toBe(600 - expected.booked - expected.delivered);
  });

  it('sums every group; remaining is budget − booked − delivered, whatever the groups', () => {
    const anyGroup = fc.record({
      status: fc.constantFrom(...requestStatuses),
      lateCancellation: fc.boolean(),
      confirmed: fc.constantFrom(null, true, false),
      durationMinutes: fc.integer({ min: 0, max: 10_000 }),
      actualMinutes: fc.integer({ min: 0, max: 10_000 }),
    });
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 100_000 }), fc.array(anyGroup), (budget, groups) => {
        const usage = lineUsage(budget, groups);
        expect(usage.remainingMinutes).toBe(budget - usage.bookedMinutes - usage.deliveredMinutes);
        const counted = groups.filter((one) => chargeKind(one) !== 'none');
        expect(usage.bookedMinutes + usage.deliveredMinutes).toBeLessThanOrEqual(
          counted.reduce((sum, one) => sum + Math.max(one.durationMinutes, one.actualMinutes), 0),
        );
      }),
    );
  });
});

describe('the over-budget sum: booked + delivered + the new request', () => {
  const usage = lineUsage(600, [
    group({ status: 'assigned', durationMinutes: 240 }),
    group({ status: 'completed', confirmed: true, actualMinutes: 120 }),
    group({ status: 'cancelled', lateCancellation: true, durationMinutes: 60 }),
    group({ status: 'cancelled', durationMinutes: 480 }),
    group({ status: 'unfilled', durationMinutes: 480 }),
  ]);

  it('counts what is booked and delivered only', () => {
    expect(usage).toEqual({ budgetMinutes: 600, bookedMinutes: 240, deliveredMinutes: 180, remainingMinutes: 180 });
  });

  it('fits exactly up to the budget, and goes over a minute beyond', () => {
    expect(goesOverBudget(usage, 180)).toBe(false);
    expect(goesOverBudget(usage, 181)).toBe(true);
  });

  it('marks the charge over budget, and asks for approval only under an approve line', () => {
    expect(decideCharge(line({ overBudget: 'warn' }), usage, 240)).toEqual({
      fundingLineId: line().id,
      overBudget: true,
      needsApproval: false,
    });
    expect(decideCharge(line({ overBudget: 'approve' }), usage, 240)).toMatchObject({
      overBudget: true,
      needsApproval: true,
    });
    expect(decideCharge(line({ overBudget: 'approve' }), usage, 60)).toMatchObject({
      overBudget: false,
      needsApproval: false,
    });
  });

  it('charges nothing when no line covers the request', () => {
    expect(decideCharge(null, null, 60)).toEqual({ fundingLineId: null, overBudget: false, needsApproval: false });
  });
});
