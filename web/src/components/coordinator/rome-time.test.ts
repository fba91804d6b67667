import { describe, expect, it } from 'vitest';
import { endOfRomeDay, fromRomeLocal, romeDate, startOfRomeDay, toRomeLocalInput } from './rome-time';

describe('Rome wall-clock helpers', () => {
  it.each([
    ['2026-12-01T09:30', '2026-12-01T09:30:00+01:00'],
    ['2026-07-15T18:00', '2026-07-15T18:00:00+02:00'],
    // The last hour of summer time, and the first of winter time.
    ['2026-10-25T01:30', '2026-10-25T01:30:00+02:00'],
    ['2026-10-25T04:00', '2026-10-25T04:00:00+01:00'],
    ['2026-03-29T03:30', '2026-03-29T03:30:00+02:00'],
    ['2026-12-01', '2026-12-01T00:00:00+01:00'],
  ])('%s in Rome is %s', (local, iso) => {
    expect(fromRomeLocal(local)).toBe(iso);
    expect(toRomeLocalInput(iso)).toBe(local.length === 10 ? `${local}T00:00` : local);
  });

  it('refuses what is not a date', () => {
    expect(fromRomeLocal('')).toBeUndefined();
    expect(fromRomeLocal('1 dicembre')).toBeUndefined();
  });

  it('names Rome days whatever the instant’s offset', () => {
    expect(romeDate(new Date('2026-12-01T23:30:00Z'))).toBe('2026-12-02');
    expect(startOfRomeDay('2026-12-02')).toBe('2026-12-02T00:00:00+01:00');
    expect(endOfRomeDay('2026-12-31')).toBe('2027-01-01T00:00:00+01:00');
    expect(endOfRomeDay('2026-03-28')).toBe('2026-03-29T00:00:00+01:00');
  });
});
