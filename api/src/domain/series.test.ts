import fc from 'fast-check';
import { Temporal } from 'temporal-polyfill';
import { describe, expect, it } from 'vitest';
import { italianPublicHoliday } from '../lib/holidays.js';
import { toSlotMinutes } from './availability.js';
import { localWeekBounds } from './local-time.js';
import { rankCandidates, type MatchMediator, type MatchRequest, type MediatorHistory } from './matching.js';
import { expandSeries, rankSeriesCandidates, weekdaysOf, type ExpandOptions, type SeriesRule } from './series.js';
import { createMatchMediator, createMatchRequest, createMediatorHistory, minutesAfter } from './test-factories.js';

const NOW = new Date('2026-01-07T08:00:00Z');
const options = (overrides: Partial<ExpandOptions> = {}): ExpandOptions => ({
  durationMinutes: 120,
  skipHolidays: true,
  excludeDates: [],
  holidayOn: italianPublicHoliday,
  now: NOW,
  ...overrides,
});

const rome = (instant: Date) =>
  Temporal.Instant.fromEpochMilliseconds(instant.getTime()).toZonedDateTimeISO('Europe/Rome');
const localTimes = (rule: SeriesRule, overrides: Partial<ExpandOptions> = {}) => {
  const expansion = expandSeries(rule, options(overrides));
  if (!expansion.ok) throw new Error(`${expansion.field}: ${expansion.message}`);
  return expansion;
};

describe('expandSeries: a weekly rule', () => {
  it('gives every Tuesday and Thursday from 13 January to 27 March 2026, two hours at 13:00', () => {
    const { sessions } = localTimes({ first: '2026-01-13', until: '2026-03-27', weekdays: [2, 4], start: '13:00' });
    expect(sessions).toHaveLength(22);
    expect(sessions[0]).toEqual({ date: '2026-01-13', startsAt: new Date('2026-01-13T12:00:00Z') });
    expect(sessions.at(-1)?.date).toBe('2026-03-26');
    expect(new Set(sessions.map((session) => rome(session.startsAt).dayOfWeek))).toEqual(new Set([2, 4]));
  });

  it('keeps the local start time across the March switch (29 March 2026)', () => {
    const { sessions } = localTimes({ first: '2026-03-24', until: '2026-04-02', weekdays: [2, 4, 7], start: '16:00' });
    expect(sessions.map((session) => session.date)).toEqual([
      '2026-03-24',
      '2026-03-26',
      '2026-03-29',
      '2026-03-31',
      '2026-04-02',
    ]);
    for (const session of sessions) expect(rome(session.startsAt).toPlainTime().toString()).toBe('16:00:00');
    // CET (UTC+1) before the switch, CEST (UTC+2) from the switch day on.
    expect(sessions.map((session) => session.startsAt.toISOString().slice(11, 16))).toEqual([
      '15:00',
      '15:00',
      '14:00',
      '14:00',
      '14:00',
    ]);
  });

  it('keeps the local start time across the October switch (25 October 2026)', () => {
    const { sessions } = localTimes({ first: '2026-10-18', until: '2026-11-02', weekdays: [1, 7], start: '09:30' });
    expect(sessions.map((session) => [session.date, session.startsAt.toISOString().slice(11, 16)])).toEqual([
      ['2026-10-18', '07:30'],
      ['2026-10-19', '07:30'],
      ['2026-10-25', '08:30'],
      ['2026-10-26', '08:30'],
      // 1 November is Ognissanti: skipped.
      ['2026-11-02', '08:30'],
    ]);
    for (const session of sessions) expect(rome(session.startsAt).toPlainTime().toString()).toBe('09:30:00');
  });

  it('skips the Italian public holidays (25 April, 1 May, 2 June, 8 December…) and says which', () => {
    const rule = { first: '2026-04-20', until: '2026-06-10', weekdays: [1, 2, 3, 4, 5, 6], start: '10:00' };
    const weekly = localTimes(rule, { durationMinutes: 60, now: new Date('2026-04-01T00:00:00Z') });
    const dates = weekly.sessions.map((session) => session.date);
    for (const holiday of ['2026-04-25', '2026-05-01', '2026-06-02']) expect(dates).not.toContain(holiday);
    expect(weekly.skipped).toEqual([
      expect.objectContaining({ date: '2026-04-25', reason: 'holiday', name: expect.stringContaining('Liberazione') }),
      expect.objectContaining({ date: '2026-05-01', reason: 'holiday', name: 'Festa del lavoro' }),
      expect.objectContaining({ date: '2026-06-02', reason: 'holiday', name: 'Festa della Repubblica' }),
    ]);
    const december = localTimes({ first: '2026-12-07', until: '2026-12-09', weekdays: [1, 2, 3], start: '10:00' });
    expect(december.sessions.map((session) => session.date)).toEqual(['2026-12-07', '2026-12-09']);
    expect(december.skipped.map((session) => [session.date, session.name])).toEqual([
      ['2026-12-08', 'Immacolata Concezione'],
    ]);
  });

  it('keeps the holidays when asked, and leaves out the excluded dates (school closures)', () => {
    const rule = { first: '2026-12-07', until: '2026-12-11', weekdays: [1, 2, 3, 4, 5], start: '10:00' };
    const kept = localTimes(rule, { skipHolidays: false, excludeDates: ['2026-12-07', '2026-12-11'] });
    expect(kept.sessions.map((session) => session.date)).toEqual(['2026-12-08', '2026-12-09', '2026-12-10']);
    expect(kept.skipped.map((session) => [session.date, session.reason])).toEqual([
      ['2026-12-07', 'excluded'],
      ['2026-12-11', 'excluded'],
    ]);
  });

  it.each([
    [
      'a weekly rule on no day of its range',
      'sessions.weekdays',
      { first: '2026-02-02', until: '2026-02-02', weekdays: [2], start: '10:00' },
    ],
    [
      'until before first',
      'sessions.until',
      { first: '2026-02-10', until: '2026-02-02', weekdays: [2], start: '10:00' },
    ],
    ['only holidays', 'sessions', { first: '2026-04-25', until: '2026-04-25', weekdays: [6], start: '10:00' }],
    [
      'more than 60 sessions',
      'sessions',
      { first: '2026-02-02', until: '2026-12-31', weekdays: [1, 2, 3], start: '10:00' },
    ],
    [
      'a start in the past',
      'sessions.first',
      { first: '2026-01-05', until: '2026-01-31', weekdays: [1], start: '10:00' },
    ],
    ['a date in the past', 'sessions.dates.1', { dates: ['2026-02-02T09:00:00Z', '2026-01-02T09:00:00Z'] }],
    ['a date given twice', 'sessions.dates.1', { dates: ['2026-02-02T09:00:00Z', '2026-02-02T10:00:00+01:00'] }],
    ['overlapping dates', 'sessions', { dates: ['2026-02-02T09:00:00Z', '2026-02-02T10:00:00Z'] }],
  ] satisfies [string, string, SeriesRule][])('refuses %s, naming %s', (_name, field, rule) => {
    const expansion = expandSeries(rule, options());
    expect(expansion).toMatchObject({ ok: false, field });
  });

  it('takes a list of dates, soonest first, and gives 1 to 60 sessions', () => {
    const { sessions } = localTimes({ dates: ['2026-03-05T15:00:00+01:00', '2026-02-05T15:00:00+01:00'] });
    expect(sessions.map((session) => session.date)).toEqual(['2026-02-05', '2026-03-05']);
    expect(weekdaysOf(sessions.map((session) => session.startsAt))).toEqual([4]);
  });
});

// ——— who may be offered the whole series ———

const QUARTER_MS = 15 * 60_000;
/** Monday 23 March 2026, 00:00 in Rome: the series' fortnight spans the March switch. */
const FORTNIGHT_START = new Date('2026-03-22T23:00:00Z');

const sessionsArbitrary = fc
  .uniqueArray(fc.integer({ min: 0, max: 13 }), { minLength: 1, maxLength: 6 })
  .chain((days) =>
    fc.record({
      days: fc.constant([...days].sort((a, b) => a - b)),
      startQuarter: fc.integer({ min: 28, max: 64 }),
      durationQuarters: fc.integer({ min: 2, max: 12 }),
      mode: fc.constantFrom('in_person' as const, 'phone' as const),
    }),
  )
  .map(({ days, startQuarter, durationQuarters, mode }): MatchRequest[] =>
    days.map((day, index) =>
      createMatchRequest({
        id: `session-${index}`,
        mode,
        startsAt: new Date(FORTNIGHT_START.getTime() + day * 86_400_000 + startQuarter * QUARTER_MS),
        durationMinutes: durationQuarters * 15,
      }),
    ),
  );

const mediatorArbitrary = fc.record({
  id: fc.stringMatching(/^[a-z]{1,3}$/),
  weekdays: fc.subarray([1, 2, 3, 4, 5, 6, 7], { minLength: 5 }),
  maxWeeklyMinutes: fc.integer({ min: 0, max: 900 }),
  /** Minutes booked elsewhere in each of the two weeks. */
  bookedByWeek: fc.tuple(fc.integer({ min: 0, max: 600 }), fc.integer({ min: 0, max: 600 })),
  booking: fc.option(
    fc.record({ day: fc.integer({ min: 0, max: 13 }), startQuarter: fc.integer({ min: 24, max: 72 }) }),
    {
      nil: undefined,
    },
  ),
  timeOffDay: fc.option(fc.integer({ min: 0, max: 13 }), { nil: undefined }),
});

describe('rankSeriesCandidates', () => {
  it('offers the whole series only to mediators free for every session, and to all of them', () => {
    fc.assert(
      fc.property(
        sessionsArbitrary,
        fc.uniqueArray(mediatorArbitrary, { selector: (spec) => spec.id, minLength: 1, maxLength: 8 }),
        (sessions, specs) => {
          const weekIndex = (session: MatchRequest) =>
            localWeekBounds(session.startsAt).start.getTime() === localWeekBounds(FORTNIGHT_START).start.getTime()
              ? 0
              : 1;
          const mediators: MatchMediator[] = specs.map((spec) =>
            createMatchMediator({
              id: spec.id,
              maxWeeklyMinutes: spec.maxWeeklyMinutes,
              weekly: toSlotMinutes(spec.weekdays.map((weekday) => ({ weekday, start: '07:00', end: '20:00' }))),
              timeOff:
                spec.timeOffDay === undefined
                  ? []
                  : [
                      {
                        startsAt: new Date(FORTNIGHT_START.getTime() + spec.timeOffDay * 86_400_000),
                        endsAt: new Date(FORTNIGHT_START.getTime() + (spec.timeOffDay + 1) * 86_400_000),
                      },
                    ],
            }),
          );
          const bookingOf = (spec: (typeof specs)[number]) => {
            if (!spec.booking) return [];
            const startsAt = new Date(
              FORTNIGHT_START.getTime() + spec.booking.day * 86_400_000 + spec.booking.startQuarter * QUARTER_MS,
            );
            return [
              { requestId: 'elsewhere', startsAt, endsAt: minutesAfter(startsAt, 60), mode: 'in_person' as const },
            ];
          };
          const history = new Map(
            sessions.map((session) => [
              session.id,
              new Map<string, MediatorHistory>(
                specs.map((spec) => [
                  spec.id,
                  createMediatorHistory({
                    assignments: bookingOf(spec),
                    bookedMinutesInWeek: spec.bookedByWeek[weekIndex(session)] ?? 0,
                  }),
                ]),
              ),
            ]),
          );

          const offered = rankSeriesCandidates({ sessions, mediators, history, travelBufferMinutes: 30 });

          // Naively: free for each session alone (the week's own cap aside), and each week's total within the cap.
          const expected = specs
            .filter((spec, index) => {
              const mediator = mediators[index]!;
              const freeForEach = sessions.every((session) => {
                const alone = rankCandidates({
                  request: session,
                  mediators: [{ ...mediator, maxWeeklyMinutes: Number.MAX_SAFE_INTEGER }],
                  history: new Map([[spec.id, history.get(session.id)!.get(spec.id)!]]),
                  travelBufferMinutes: 30,
                });
                return alone.eligible.length === 1;
              });
              const withinCaps = [0, 1].every((week) => {
                const seriesMinutes = sessions
                  .filter((session) => weekIndex(session) === week)
                  .reduce((sum, session) => sum + session.durationMinutes, 0);
                return seriesMinutes === 0 || spec.bookedByWeek[week]! + seriesMinutes <= spec.maxWeeklyMinutes;
              });
              return freeForEach && withinCaps;
            })
            .map((spec) => spec.id);
          expect(offered.map((candidate) => candidate.mediatorId).sort()).toEqual([...expected].sort());
        },
      ),
      { numRuns: 300 },
    );
  });

  it('ranks as the first session does, and offers nobody when one session has nobody', () => {
    const sessions = [
      createMatchRequest({ id: 'first', startsAt: new Date('2026-03-24T09:00:00Z') }),
      createMatchRequest({ id: 'second', startsAt: new Date('2026-03-26T09:00:00Z') }),
    ];
    const near = createMatchMediator({ id: 'b-near', homeDistrictId: 'district-north' });
    const far = createMatchMediator({ id: 'a-far' });
    const history = new Map(sessions.map((session) => [session.id, new Map<string, MediatorHistory>()]));
    expect(
      rankSeriesCandidates({ sessions, mediators: [far, near], history, travelBufferMinutes: 30 }).map(
        (candidate) => candidate.mediatorId,
      ),
    ).toEqual(['b-near', 'a-far']);
    // Thursday off for everyone: nobody can take the series whole.
    const offThursday = [far, near].map((mediator) => ({
      ...mediator,
      timeOff: [{ startsAt: new Date('2026-03-26T00:00:00Z'), endsAt: new Date('2026-03-27T00:00:00Z') }],
    }));
    expect(rankSeriesCandidates({ sessions, mediators: offThursday, history, travelBufferMinutes: 30 })).toEqual([]);
  });
});
