import { describe, expect, it } from 'vitest';
import {
  formatClockMinutes,
  isLocalWindowCovered,
  overlapsTimeOffMs,
  parseClockMinutes,
  toSlotMinutes,
  type TimeOff,
  type WeeklySlot,
} from './availability.js';
import { localDateTimeToInstant, toLocalWindow } from './local-time.js';

/** The covering check as matching runs it: slots in minutes, the request's window in local time. */
const isWithinWeeklyAvailability = (slots: WeeklySlot[], startsAt: Date, durationMinutes: number) =>
  isLocalWindowCovered(toSlotMinutes(slots), toLocalWindow(startsAt, durationMinutes));
const overlapsTimeOff = (timeOff: TimeOff[], startsAt: Date, endsAt: Date) =>
  overlapsTimeOffMs(timeOff, startsAt.getTime(), endsAt.getTime());

// 2027-04-13 is a Tuesday, 2027-04-18 a Sunday, 2027-04-19 a Monday.
describe('isWithinWeeklyAvailability', () => {
  it.each<{ case: string; slots: WeeklySlot[]; date: string; time: string; minutes: number; expected: boolean }>([
    {
      case: 'inside one slot',
      slots: [{ weekday: 2, start: '08:00', end: '12:00' }],
      date: '2027-04-13',
      time: '09:00',
      minutes: 60,
      expected: true,
    },
    {
      case: 'exactly the slot',
      slots: [{ weekday: 2, start: '08:00', end: '12:00' }],
      date: '2027-04-13',
      time: '08:00',
      minutes: 240,
      expected: true,
    },
    {
      case: 'starting before the slot',
      slots: [{ weekday: 2, start: '08:00', end: '12:00' }],
      date: '2027-04-13',
      time: '07:30',
      minutes: 60,
      expected: false,
    },
    {
      case: 'ending after the slot',
      slots: [{ weekday: 2, start: '08:00', end: '12:00' }],
      date: '2027-04-13',
      time: '11:30',
      minutes: 60,
      expected: false,
    },
    {
      case: 'another weekday only',
      slots: [{ weekday: 3, start: '08:00', end: '12:00' }],
      date: '2027-04-13',
      time: '09:00',
      minutes: 60,
      expected: false,
    },
    { case: 'no slots', slots: [], date: '2027-04-13', time: '09:00', minutes: 60, expected: false },
    {
      case: 'a chain of touching slots, listed out of order',
      slots: [
        { weekday: 2, start: '10:00', end: '12:00' },
        { weekday: 2, start: '08:00', end: '10:00' },
      ],
      date: '2027-04-13',
      time: '09:00',
      minutes: 120,
      expected: true,
    },
    {
      case: 'overlapping slots',
      slots: [
        { weekday: 2, start: '08:00', end: '11:00' },
        { weekday: 2, start: '09:30', end: '13:00' },
      ],
      date: '2027-04-13',
      time: '10:00',
      minutes: 150,
      expected: true,
    },
    {
      case: 'a gap between slots',
      slots: [
        { weekday: 2, start: '08:00', end: '10:00' },
        { weekday: 2, start: '10:15', end: '12:00' },
      ],
      date: '2027-04-13',
      time: '09:00',
      minutes: 120,
      expected: false,
    },
    {
      case: 'crossing midnight, covered on both days',
      slots: [
        { weekday: 2, start: '20:00', end: '24:00' },
        { weekday: 3, start: '00:00', end: '02:00' },
      ],
      date: '2027-04-13',
      time: '23:00',
      minutes: 120,
      expected: true,
    },
    {
      case: 'crossing midnight, next day missing',
      slots: [{ weekday: 2, start: '20:00', end: '24:00' }],
      date: '2027-04-13',
      time: '23:00',
      minutes: 120,
      expected: false,
    },
    {
      case: 'crossing midnight, next day starting late',
      slots: [
        { weekday: 2, start: '20:00', end: '24:00' },
        { weekday: 3, start: '00:30', end: '02:00' },
      ],
      date: '2027-04-13',
      time: '23:00',
      minutes: 120,
      expected: false,
    },
    {
      case: 'Sunday night into Monday',
      slots: [
        { weekday: 7, start: '22:00', end: '24:00' },
        { weekday: 1, start: '00:00', end: '06:00' },
      ],
      date: '2027-04-18',
      time: '23:00',
      minutes: 180,
      expected: true,
    },
    {
      case: 'a malformed slot covers nothing',
      slots: [{ weekday: 2, start: '8:00', end: '12:00' }],
      date: '2027-04-13',
      time: '09:00',
      minutes: 60,
      expected: false,
    },
    {
      case: 'a slot on weekday 9 covers nothing',
      slots: [{ weekday: 9, start: '00:00', end: '24:00' }],
      date: '2027-04-13',
      time: '09:00',
      minutes: 60,
      expected: false,
    },
    // Sunday 28 March 2027: 01:30 CET + 2 h ends at 04:30 CEST on the wall clock.
    {
      case: 'March switch, slot to 04:30',
      slots: [{ weekday: 7, start: '01:00', end: '04:30' }],
      date: '2027-03-28',
      time: '01:30',
      minutes: 120,
      expected: true,
    },
    {
      case: 'March switch, slot to 04:00',
      slots: [{ weekday: 7, start: '01:00', end: '04:00' }],
      date: '2027-03-28',
      time: '01:30',
      minutes: 120,
      expected: false,
    },
    {
      case: 'March switch, 09:00 local on the day',
      slots: [{ weekday: 7, start: '09:00', end: '10:00' }],
      date: '2027-03-28',
      time: '09:00',
      minutes: 60,
      expected: true,
    },
    // Sunday 31 October 2027: 01:30 CEST + 90 min works through 03:00 CEST (= 02:00 CET).
    {
      case: 'October switch, slot to 03:00',
      slots: [{ weekday: 7, start: '01:00', end: '03:00' }],
      date: '2027-10-31',
      time: '01:30',
      minutes: 90,
      expected: true,
    },
    {
      case: 'October switch, slot to 02:00',
      slots: [{ weekday: 7, start: '01:00', end: '02:00' }],
      date: '2027-10-31',
      time: '01:30',
      minutes: 90,
      expected: false,
    },
    {
      case: 'October switch, 09:00 local on the day',
      slots: [{ weekday: 7, start: '09:00', end: '10:00' }],
      date: '2027-10-31',
      time: '09:00',
      minutes: 60,
      expected: true,
    },
  ])('$case → $expected', ({ slots, date, time, minutes, expected }) => {
    expect(isWithinWeeklyAvailability(slots, localDateTimeToInstant(date, time), minutes)).toBe(expected);
  });
});

describe('overlapsTimeOff', () => {
  const timeOff = [{ startsAt: new Date('2027-04-13T08:00:00Z'), endsAt: new Date('2027-04-13T12:00:00Z') }];
  it.each([
    {
      case: 'ending when the time off starts',
      startsAt: '2027-04-13T07:00:00Z',
      endsAt: '2027-04-13T08:00:00Z',
      expected: false,
    },
    {
      case: 'starting when the time off ends',
      startsAt: '2027-04-13T12:00:00Z',
      endsAt: '2027-04-13T13:00:00Z',
      expected: false,
    },
    { case: 'straddling its start', startsAt: '2027-04-13T07:30:00Z', endsAt: '2027-04-13T08:30:00Z', expected: true },
    { case: 'inside it', startsAt: '2027-04-13T09:00:00Z', endsAt: '2027-04-13T10:00:00Z', expected: true },
    { case: 'around it', startsAt: '2027-04-13T07:00:00Z', endsAt: '2027-04-13T13:00:00Z', expected: true },
  ])('$case → $expected', ({ startsAt, endsAt, expected }) => {
    expect(overlapsTimeOff(timeOff, new Date(startsAt), new Date(endsAt))).toBe(expected);
  });

  it('is false without time off', () => {
    expect(overlapsTimeOff([], new Date('2027-04-13T09:00:00Z'), new Date('2027-04-13T10:00:00Z'))).toBe(false);
  });
});

describe('toSlotMinutes', () => {
  it('converts slots to minutes and leaves out the malformed ones', () => {
    expect(
      toSlotMinutes([
        { weekday: 1, start: '08:30', end: '24:00' },
        { weekday: 2, start: '8:00', end: '12:00' },
        { weekday: 8, start: '08:00', end: '12:00' },
        { weekday: 3, start: '12:00', end: '12:00' },
        { weekday: 4, start: '13:00', end: '09:00' },
        { weekday: 7, start: '00:00', end: '00:15' },
      ]),
    ).toEqual([
      { weekday: 1, startMinute: 510, endMinute: 1440 },
      { weekday: 7, startMinute: 0, endMinute: 15 },
    ]);
  });
});

describe('clock minutes', () => {
  it.each([
    ['00:00', 0],
    ['08:30', 510],
    ['23:59', 1439],
    ['24:00', 1440],
  ])('parses %s as %i and formats it back', (text, minutes) => {
    expect(parseClockMinutes(text)).toBe(minutes);
    expect(formatClockMinutes(minutes)).toBe(text);
  });

  it.each(['', '8:30', '08:3', '0830', '08-30', '24:01', '25:00', '08:60', 'ab:cd', '08:30:00'])(
    'refuses "%s"',
    (text) => {
      expect(parseClockMinutes(text)).toBeNaN();
    },
  );
});
