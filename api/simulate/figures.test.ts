import { describe, expect, it } from 'vitest';
import type { MediatorBehaviour } from './behaviour.js';
import { figuresByLead, figuresOf, formatLeadTable, formatTable, measuresPonteLoses, quantile } from './figures.js';
import type { PolicyRun, RequestOutcome } from './run.js';

const behaviour = (medianDelayMinutes: number, kind: MediatorBehaviour['kind'] = 'steady'): MediatorBehaviour => ({
  kind,
  medianDelayMinutes,
  sigma: 0.9,
  baseAccept: 0.7,
  phoneFrom: 480,
  phoneTo: 1080,
  withdrawChance: 0,
});
const MINUTE = 60_000;
const request = (overrides: Partial<RequestOutcome>): RequestOutcome => ({
  index: 0,
  urgent: false,
  lead: 'one_to_three_days',
  caseRef: null,
  organizationKey: 'ic-vimercate',
  languageCode: 'ar',
  createdAt: 0,
  firstAssignedAt: null,
  offers: 0,
  status: 'expired',
  mediatorIndex: null,
  deliveredMinutes: 0,
  ...overrides,
});

describe('the figures of a season', () => {
  it('quantile is the nearest rank', () => {
    expect(quantile([], 0.5)).toBeNull();
    expect(quantile([5, 1, 3], 0.5)).toBe(3);
    expect(quantile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 0.9)).toBe(9);
  });

  it('counts filled requests, urgent times, fairness, the fastest tenth, offers and continuity', () => {
    // Ten Arabic speakers (mediator 0 the quickest) and one Tigrinya speaker nobody asked for (not active).
    const roster = [
      ...Array.from({ length: 10 }, (_, index) => ({
        index,
        languageCodes: ['ar'],
        behaviour: index === 0 ? behaviour(1.5, 'quick_fingers') : behaviour(20 + index),
      })),
      { index: 10, languageCodes: ['ti'], behaviour: behaviour(1, 'quick_fingers') },
    ];
    const run: PolicyRun = {
      roster,
      offersByMediator: [4, 2, 2, 2, 0, 0, 0, 0, 0, 0, 9],
      counters: { offers: 19, accepts: 4, lostRaces: 0, declines: 0, ignored: 0, withdrawals: 0 },
      unfilledReasons: {},
      requests: [
        request({
          index: 0,
          urgent: true,
          firstAssignedAt: 4 * MINUTE,
          status: 'completed',
          mediatorIndex: 0,
          deliveredMinutes: 60,
          caseRef: 'c1',
        }),
        request({
          index: 1,
          urgent: true,
          firstAssignedAt: 10 * MINUTE,
          status: 'completed',
          mediatorIndex: 0,
          deliveredMinutes: 60,
          caseRef: 'c1',
        }),
        request({
          index: 2,
          urgent: false,
          firstAssignedAt: 1,
          status: 'completed',
          mediatorIndex: 1,
          deliveredMinutes: 120,
          caseRef: 'c1',
        }),
        // Case c1's fourth request: nobody took it, so the family's mediator did not serve it.
        request({ index: 5, caseRef: 'c1' }),
        // Assigned at the end of the season: filled, nothing delivered yet.
        request({ index: 3, urgent: true, firstAssignedAt: 30 * MINUTE, status: 'assigned', mediatorIndex: 2 }),
        // Taken once, then the mediator withdrew and nobody came: not filled, its time not counted.
        request({ index: 4, urgent: true, firstAssignedAt: 2 * MINUTE, status: 'expired' }),
      ],
    };
    const figures = figuresOf(run, 10);
    expect(figures.requests).toBe(6);
    expect(figures.filledPercent).toBe(66.7);
    expect(figures.urgentMedianMinutes).toBe(10);
    expect(figures.urgentP90Minutes).toBe(30);
    // Minutes delivered 120 (mediator 0), 120 (mediator 1) and eight zeros: Σ(2i − n − 1)·x / (n·Σx) = (7·120 + 9·120) / 2400.
    expect(figures.gini).toBe(0.8);
    // The fastest tenth of ten is mediator 0: 120 of the 240 minutes.
    expect(figures.fastestTenthSharePercent).toBe(50);
    // Ten offers to the active, over ten mediators and two weeks.
    expect(figures.offersPerMediatorPerWeek).toBe(0.5);
    // Case c1: the second request kept mediator 0, the third went to mediator 1, the fourth to nobody.
    expect(figures.continuityPercent).toBe(33.3);

    const table = formatTable([{ policy: 'ponte', figures }]);
    expect(table.split('\n')).toHaveLength(3);
    expect(table).toContain('| ponte | 6 | 66.7 | 10 | 30 |');
    expect(measuresPonteLoses(figures, { ...figures, filledPercent: 90, gini: 0.9 })).toEqual(['filledPercent']);
  });

  it('splits filled requests, the fastest tenth, offers per booking and continuity by lead time', () => {
    const roster = Array.from({ length: 10 }, (_, index) => ({
      index,
      languageCodes: ['ar'],
      behaviour: index === 0 ? behaviour(1.5, 'quick_fingers') : behaviour(20 + index),
    }));
    const urgent = { urgent: true, lead: 'under_24h' as const };
    const run: PolicyRun = {
      roster,
      offersByMediator: [],
      counters: { offers: 0, accepts: 0, lostRaces: 0, declines: 0, ignored: 0, withdrawals: 0 },
      unfilledReasons: {},
      requests: [
        // Case c1 starts planned with mediator 1, goes on urgently with the quick mediator 0, then planned with 0.
        request({
          index: 0,
          lead: 'planned',
          caseRef: 'c1',
          status: 'completed',
          mediatorIndex: 1,
          deliveredMinutes: 60,
          offers: 1,
        }),
        request({
          index: 1,
          ...urgent,
          caseRef: 'c1',
          status: 'completed',
          mediatorIndex: 0,
          deliveredMinutes: 90,
          offers: 10,
        }),
        request({
          index: 2,
          lead: 'planned',
          caseRef: 'c1',
          status: 'completed',
          mediatorIndex: 0,
          deliveredMinutes: 60,
          offers: 3,
        }),
        // An urgent request nobody took after ten offers.
        request({ index: 3, ...urgent, offers: 10 }),
      ],
    };
    const byLead = figuresByLead(run);
    expect(byLead.under_24h).toEqual({
      requests: 2,
      filledPercent: 50,
      fastestTenthSharePercent: 100,
      offersPerFilledRequest: 20,
      continuityPercent: 0,
    });
    // Planned: mediator 0 delivered 60 of 120 minutes; c1's third request kept the urgent one's mediator.
    expect(byLead.planned).toEqual({
      requests: 2,
      filledPercent: 100,
      fastestTenthSharePercent: 50,
      offersPerFilledRequest: 2,
      continuityPercent: 100,
    });
    expect(byLead.one_to_three_days).toEqual({
      requests: 0,
      filledPercent: null,
      fastestTenthSharePercent: null,
      offersPerFilledRequest: null,
      continuityPercent: null,
    });
    const table = formatLeadTable([{ policy: 'cascade', byLead }]).split('\n');
    expect(table).toHaveLength(5);
    expect(table[2]).toBe('| cascade | under 24 h | 2 | 50 | 100 | 20 | 0 |');
    expect(table[3]).toBe('| cascade | 1–3 days | 0 | – | – | – | – |');
  });
});
