import { describe, expect, it } from 'vitest';
import {
  dateTimeLocalToIso,
  endOfRomeDay,
  isoToDateTimeLocal,
  romeDayKey,
  romeOffsetMinutes,
  romeStartOfDay,
  romeWallTimeToIso,
  startOfRomeDay,
  toRomeWallTime,
} from './rome-time';

describe('Rome wall-clock time ↔ ISO with offset', () => {
  it.each([
    ['winter', '2026-12-01', '09:30', '2026-12-01T09:30:00+01:00'],
    ['summer', '2027-07-15', '09:30', '2027-07-15T09:30:00+02:00'],
    ['midnight', '2027-01-01', '00:00', '2027-01-01T00:00:00+01:00'],
    ['last minute of a day', '2026-12-31', '23:59', '2026-12-31T23:59:00+01:00'],
    ['the day before the spring change', '2027-03-27', '02:30', '2027-03-27T02:30:00+01:00'],
    ['after the spring change', '2027-03-28', '03:00', '2027-03-28T03:00:00+02:00'],
    ['before the autumn change', '2026-10-25', '01:59', '2026-10-25T01:59:00+02:00'],
    ['after the autumn change', '2026-10-25', '03:00', '2026-10-25T03:00:00+01:00'],
  ])('%s: %s %s → %s', (_case, date, time, iso) => {
    expect(romeWallTimeToIso(date, time)).toBe(iso);
  });

  it('moves a time skipped by the spring change forward by the gap', () => {
    // 28 March 2027: clocks jump from 02:00 to 03:00, so 02:30 never happens.
    expect(romeWallTimeToIso('2027-03-28', '02:30')).toBe('2027-03-28T03:30:00+02:00');
  });

  it('takes the first of the two 02:30s of the autumn change (still summer time)', () => {
    expect(romeWallTimeToIso('2026-10-25', '02:30')).toBe('2026-10-25T02:30:00+02:00');
  });

  it('names the same instant as the API would store it', () => {
    expect(Date.parse(romeWallTimeToIso('2026-12-01', '09:30') ?? '')).toBe(Date.parse('2026-12-01T08:30:00Z'));
    expect(Date.parse(romeWallTimeToIso('2027-07-15', '09:30') ?? '')).toBe(Date.parse('2027-07-15T07:30:00Z'));
  });

  it.each([
    ['', '09:30'],
    ['2026-12-01', ''],
    ['2026-02-30', '09:30'],
    ['2026-12-01', '24:00'],
    ['01/12/2026', '09:30'],
  ])('refuses an incomplete or impossible input: %j %j', (date, time) => {
    expect(romeWallTimeToIso(date, time)).toBeNull();
  });

  it('reads instants back as Rome wall time, whatever offset they were written with', () => {
    expect(toRomeWallTime('2026-12-01T08:30:00Z')).toEqual({ date: '2026-12-01', time: '09:30' });
    expect(toRomeWallTime('2027-07-14T23:30:00-00:00')).toEqual({ date: '2027-07-15', time: '01:30' });
    expect(romeDayKey('2026-11-30T23:30:00Z')).toBe('2026-12-01');
  });

  it('knows the offset of an instant', () => {
    expect(romeOffsetMinutes(Date.parse('2026-12-01T12:00:00Z'))).toBe(60);
    expect(romeOffsetMinutes(Date.parse('2027-07-01T12:00:00Z'))).toBe(120);
  });

  it('finds the start of a Rome day, also across a change of offset', () => {
    const now = Date.parse('2027-03-27T22:30:00Z'); // 23:30 in Rome, the night of the change
    expect(romeStartOfDay(now)).toBe('2027-03-27T00:00:00+01:00');
    expect(romeStartOfDay(now, 1)).toBe('2027-03-28T00:00:00+01:00');
    expect(romeStartOfDay(now, 2)).toBe('2027-03-29T00:00:00+02:00');
    expect(romeStartOfDay(now, -30)).toBe('2027-02-25T00:00:00+01:00');
  });

  it('converts datetime-local input values', () => {
    expect(dateTimeLocalToIso('2027-08-10T14:00')).toBe('2027-08-10T14:00:00+02:00');
    expect(dateTimeLocalToIso('2027-08-10')).toBeNull();
    expect(isoToDateTimeLocal('2027-08-10T12:00:00Z')).toBe('2027-08-10T14:00');
  });
});

// The coordinator's filters and availability editor (formerly a second helper module).
describe('Rome wall-clock helpers for filters and datetime-local inputs', () => {
  it.each([
    ['2026-12-01T09:30', '2026-12-01T09:30:00+01:00'],
    ['2026-07-15T18:00', '2026-07-15T18:00:00+02:00'],
    // The last hour of summer time, and the first of winter time.
    ['2026-10-25T01:30', '2026-10-25T01:30:00+02:00'],
    ['2026-10-25T04:00', '2026-10-25T04:00:00+01:00'],
    ['2026-03-29T03:30', '2026-03-29T03:30:00+02:00'],
    ['2026-12-01', '2026-12-01T00:00:00+01:00'],
  ])('%s in Rome is %s', (local, iso) => {
    expect(dateTimeLocalToIso(local, { allowDate: true })).toBe(iso);
    expect(isoToDateTimeLocal(iso)).toBe(local.length === 10 ? `${local}T00:00` : local);
  });

  it('refuses what is not a date', () => {
    expect(dateTimeLocalToIso('', { allowDate: true })).toBeNull();
    expect(dateTimeLocalToIso('1 dicembre', { allowDate: true })).toBeNull();
  });

  it('names Rome days whatever the instant’s offset', () => {
    expect(romeDayKey(new Date('2026-12-01T23:30:00Z'))).toBe('2026-12-02');
    expect(startOfRomeDay('2026-12-02')).toBe('2026-12-02T00:00:00+01:00');
    expect(endOfRomeDay('2026-12-31')).toBe('2027-01-01T00:00:00+01:00');
    expect(endOfRomeDay('2026-03-28')).toBe('2026-03-29T00:00:00+01:00');
    expect(startOfRomeDay('2026-02-30')).toBeUndefined();
  });
});
