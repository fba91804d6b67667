import { formatPhone, OrganizationCreate, PhoneNumber, phoneHref, toStoredPhone } from '@ponte/shared';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

// Issue 13, point 6: numbers as people write them go in, E.164 is stored, a readable form is shown.
describe('phone numbers', () => {
  it.each([
    ['(039) 6081234', '+390396081234', '039 608 1234'],
    ['+39 (039) 6081234', '+390396081234', '039 608 1234'],
    ['+39.039.6081234', '+390396081234', '039 608 1234'],
    ['039 6081234 int. 12', '+390396081234;ext=12', '039 608 1234 int. 12'],
    ['039/6081234', '+390396081234', '039 608 1234'],
    ['333 1234567', '+393331234567', '333 123 4567'],
    ['+33 1 23 45 67 89', '+33123456789', '+33 1 23 45 67 89'],
  ])('takes %j, stores %j and shows %j', (written, stored, shown) => {
    expect(PhoneNumber.parse(written)).toBe(stored);
    expect(formatPhone(stored)).toBe(shown);
  });

  it.each(['12', 'abc', '039 6081234\u0000', '', '+39 039', '0'.repeat(41)])('refuses %j', (written) => {
    const parsed = PhoneNumber.safeParse(written);
    expect(parsed.success).toBe(false);
  });

  it('names the field in a body', () => {
    const parsed = OrganizationCreate.safeParse({
      name: 'IC',
      kind: 'school',
      municipality: 'Vimercate',
      districtId: 'vimercate',
      address: 'Via Roma 1',
      phone: 'chiamare la segreteria',
    });
    expect(parsed.error?.issues.map((issue) => [issue.path.join('.'), issue.message])).toEqual([
      ['phone', 'is not a phone number'],
    ]);
  });

  it('stores a form that parses to itself, and shows it as a number that parses back to it', () => {
    const written = fc
      .tuple(
        fc.constantFrom('', '+39 ', '0039 '),
        fc.constantFrom('02', '039', '0362', '333', '347'),
        fc.stringMatching(/^\d{6,7}$/),
      )
      .map(([prefix, area, rest]) => `${prefix}${area} ${rest}`);
    fc.assert(
      fc.property(written, (value) => {
        const stored = toStoredPhone(value);
        if (stored === undefined) return;
        expect(PhoneNumber.parse(stored)).toBe(stored);
        expect(toStoredPhone(formatPhone(stored))).toBe(stored);
      }),
      { numRuns: 500 },
    );
  });

  it('shows text stored before the rule as it is, and links to a number', () => {
    expect(formatPhone('chiamare la segreteria')).toBe('chiamare la segreteria');
    expect(formatPhone(null)).toBe('');
    expect(phoneHref('+390396081234;ext=12')).toBe('tel:+390396081234;ext=12');
    expect(phoneHref('+390396081234')).toBe('tel:+390396081234');
  });
});
