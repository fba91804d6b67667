import { describe, expect, it } from 'vitest';
import { localDateTimeToInstant, localWeekBounds, toLocalWindow } from './local-time.js';

const HOUR_MS = 3_600_000;

describe('toLocalWindow', () => {
  it.each([
    {
      case: 'a winter morning (CET, UTC+1)',
      startsAt: '2027-01-13T08:30:00Z',
      minutes: 60,
      expected: { date: '2027-01-13', weekday: 3, startMinute: 570, endMinute: 630 },
    },
    {
      case: 'a summer morning (CEST, UTC+2)',
      startsAt: '2027-07-14T08:30:00Z',
      minutes: 90,
      expected: { date: '2027-07-14', weekday: 3, startMinute: 630, endMinute: 720 },
    },
    {
      case: 'a window crossing local midnight ends after 1440',
      startsAt: '2027-07-14T21:00:00Z',
      minutes: 120,
      expected: { date: '2027-07-14', weekday: 3, startMinute: 1380, endMinute: 1500 },
    },
    {
      case: 'the UTC date differs from the local date just after local midnight',
      startsAt: '2027-07-13T22:30:00Z',
      minutes: 30,
      expected: { date: '2027-07-14', weekday: 3, startMinute: 30, endMinute: 60 },
    },
    {
      case: 'Sunday is weekday 7',
      startsAt: '2027-04-18T08:00:00Z',
      minutes: 60,
      expected: { date: '2027-04-18', weekday: 7, startMinute: 600, endMinute: 660 },
    },
  ])('$case', ({ startsAt, minutes, expected }) => {
    expect(toLocalWindow(new Date(startsAt), minutes)).toEqual(expected);
  });

  describe('spring forward, Sunday 28 March 2027 (02:00 CET becomes 03:00 CEST)', () => {
    it('reads 09:00 local as 07:00Z on the switch day and 08:00Z the day before', () => {
      expect(localDateTimeToInstant('2027-03-28', '09:00')).toEqual(new Date('2027-03-28T07:00:00Z'));
      expect(localDateTimeToInstant('2027-03-27', '09:00')).toEqual(new Date('2027-03-27T08:00:00Z'));
      expect(toLocalWindow(new Date('2027-03-28T07:00:00Z'), 60)).toEqual({
        date: '2027-03-28',
        weekday: 7,
        startMinute: 540,
        endMinute: 600,
      });
    });

    it('ends a window across the switch at the wall-clock time a mediator sees (01:30 + 2 h = 04:30)', () => {
      const window = toLocalWindow(new Date('2027-03-28T00:30:00Z'), 120);
      expect(window).toMatchObject({ startMinute: 90, endMinute: 270 });
    });

    it('moves the nonexistent 02:30 forward by the gap, to 03:30 CEST', () => {
      const instant = localDateTimeToInstant('2027-03-28', '02:30');
      expect(instant).toEqual(new Date('2027-03-28T01:30:00Z'));
      expect(toLocalWindow(instant, 60)).toMatchObject({ date: '2027-03-28', startMinute: 210, endMinute: 270 });
    });
  });

  describe('fall back, Sunday 31 October 2027 (03:00 CEST becomes 02:00 CET)', () => {
    it('reads 09:00 local as 08:00Z on the switch day and 07:00Z the day before', () => {
      expect(localDateTimeToInstant('2027-10-31', '09:00')).toEqual(new Date('2027-10-31T08:00:00Z'));
      expect(localDateTimeToInstant('2027-10-30', '09:00')).toEqual(new Date('2027-10-30T07:00:00Z'));
    });

    it('reads 01:30 local, before the repeated hour, as 23:30Z of the day before', () => {
      const instant = localDateTimeToInstant('2027-10-31', '01:30');
      expect(instant).toEqual(new Date('2027-10-30T23:30:00Z'));
      expect(toLocalWindow(instant, 60)).toEqual({ date: '2027-10-31', weekday: 7, startMinute: 90, endMinute: 150 });
    });

    it('covers the wall clock up to 03:00 when a 01:30 window of 90 minutes ends exactly at the switch', () => {
      expect(toLocalWindow(new Date('2027-10-30T23:30:00Z'), 90)).toMatchObject({ startMinute: 90, endMinute: 180 });
    });

    it('covers 01:30 to 03:00 when a 01:30 window of 2 hours ends at 02:30 of the repeated hour', () => {
      expect(toLocalWindow(new Date('2027-10-30T23:30:00Z'), 120)).toMatchObject({ startMinute: 90, endMinute: 180 });
    });

    it('takes the summer-time occurrence of the ambiguous 02:30', () => {
      expect(localDateTimeToInstant('2027-10-31', '02:30')).toEqual(new Date('2027-10-31T00:30:00Z'));
    });

    it('folds a window starting in the first 02:30 and ending in the second into 02:00–03:00', () => {
      expect(toLocalWindow(new Date('2027-10-31T00:30:00Z'), 60)).toMatchObject({ startMinute: 120, endMinute: 180 });
    });

    it('reads a window starting in the second 02:30 with winter time', () => {
      expect(toLocalWindow(new Date('2027-10-31T01:30:00Z'), 60)).toMatchObject({ startMinute: 150, endMinute: 210 });
    });
  });
});

describe('localWeekBounds', () => {
  it('spans Monday 00:00 to Monday 00:00 local in an ordinary week (168 h)', () => {
    const bounds = localWeekBounds(new Date('2027-04-14T08:00:00Z'));
    expect(bounds).toEqual({ start: new Date('2027-04-11T22:00:00Z'), end: new Date('2027-04-18T22:00:00Z') });
  });

  it('is 167 h long in the week of the March switch', () => {
    const bounds = localWeekBounds(new Date('2027-03-28T12:00:00Z'));
    expect(bounds.start).toEqual(new Date('2027-03-21T23:00:00Z'));
    expect(bounds.end).toEqual(new Date('2027-03-28T22:00:00Z'));
    expect(bounds.end.getTime() - bounds.start.getTime()).toBe(167 * HOUR_MS);
  });

  it('is 169 h long in the week of the October switch', () => {
    const bounds = localWeekBounds(new Date('2027-10-31T12:00:00Z'));
    expect(bounds.start).toEqual(new Date('2027-10-24T22:00:00Z'));
    expect(bounds.end).toEqual(new Date('2027-10-31T23:00:00Z'));
    expect(bounds.end.getTime() - bounds.start.getTime()).toBe(169 * HOUR_MS);
  });

  it('puts Monday 00:00 local in the week it starts and Sunday 23:59 local in the week before', () => {
    const monday = localDateTimeToInstant('2027-04-12', '00:00');
    expect(localWeekBounds(monday).start).toEqual(monday);
    const sundayNight = localDateTimeToInstant('2027-04-11', '23:59');
    expect(localWeekBounds(sundayNight).end).toEqual(monday);
  });
});

describe('localDateTimeToInstant', () => {
  it.each([
    ['2027-04-14', '9:00'],
    ['2027-4-14', '09:00'],
    ['2027-04-14', '09:00Z'],
    ['2027-02-30', '09:00'],
    ['2027-04-14', '25:00'],
  ])('refuses %s %s', (date, time) => {
    expect(() => localDateTimeToInstant(date, time)).toThrow(RangeError);
  });
});
