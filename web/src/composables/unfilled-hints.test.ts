import { describe, expect, it } from 'vitest';
import { buildRequestDetail } from '@/testing/factories';
import { unfilledHints } from './unfilled-hints';

const unfilledWith = (matching: unknown, overrides: Parameters<typeof buildRequestDetail>[0] = {}) =>
  buildRequestDetail({
    status: 'unfilled',
    timeline: [
      { at: '2026-11-27T08:00:00.000Z', type: 'unfilled', actor: null, data: { reason: 'no_candidates', matching } },
    ],
    ...overrides,
  });

describe('unfilledHints', () => {
  it.each([
    ['nobody speaks the language', { speakers: 0, reasons: {} }, {}, ['noSpeakers']],
    [
      'speakers elsewhere, in person',
      { speakers: 4, reasons: { district_not_served: 4 } },
      { mode: 'in_person' },
      ['tryRemote'],
    ],
    [
      'speakers elsewhere, already by phone',
      { speakers: 4, reasons: { district_not_served: 4, outside_availability: 1 } },
      { mode: 'phone' },
      ['tryOtherTime'],
    ],
    [
      'busy, away, booked or at their cap',
      { speakers: 3, reasons: { already_booked: 1, time_off: 1, weekly_cap_exceeded: 1 } },
      {},
      ['tryOtherTime'],
    ],
    [
      'a required gender',
      { speakers: 2, reasons: { gender_mismatch: 2 } },
      { genderRequired: true, genderPreference: 'female' },
      ['relaxGender'],
    ],
    ['a gender wished, not required', { speakers: 2, reasons: { gender_mismatch: 2 } }, { genderRequired: false }, []],
    [
      'a required dialect and an accreditation',
      { speakers: 2, reasons: { dialect_mismatch: 1, missing_qualification: 1 } },
      { dialectRequired: true, dialect: 'Darija' },
      ['relaxDialect', 'qualification'],
    ],
  ] as const)('%s', (_, matching, overrides, hints) => {
    expect(unfilledHints(unfilledWith(matching, overrides))).toEqual(hints);
  });

  it('says nothing without tallies or once the request moved on', () => {
    expect(unfilledHints(unfilledWith(undefined))).toEqual([]);
    expect(unfilledHints({ ...unfilledWith({ speakers: 0, reasons: {} }), status: 'assigned' })).toEqual([]);
  });
});
