import { parsePhoneNumberFromString, type PhoneNumber as ParsedPhone } from 'libphonenumber-js';
import { z } from 'zod';
import { requiredText } from './common.js';

/*
 * Phone numbers as people write them ("(039) 6081234", "+39.039.6081234", "039 6081234 int. 12"),
 * read by libphonenumber-js with Italy as the region of a number written without a country code.
 * Stored in E.164 ("+390396081234"), an extension after it as RFC 3966 writes one ("+390396081234;ext=12");
 * shown in the national format for Italian numbers ("039 608 1234 int. 12"), internationally otherwise.
 */

export const DEFAULT_PHONE_REGION = 'IT';
const MAX_WRITTEN_LENGTH = 40;

const parse = (written: string): ParsedPhone | undefined => {
  try {
    return parsePhoneNumberFromString(written, DEFAULT_PHONE_REGION);
  } catch {
    return undefined;
  }
};

const stored = (phone: ParsedPhone) => (phone.ext ? `${phone.number};ext=${phone.ext}` : phone.number);

/** The stored form of a written number, or undefined when it is not a valid phone number. */
export function toStoredPhone(written: string): string | undefined {
  const phone = parse(written);
  return phone?.isValid() ? stored(phone) : undefined;
}

/**
 * A phone number field: any way of writing a valid number goes in, its E.164 form comes out. The
 * output parses to itself, so a form may send either what the person typed or what was read back.
 */
export const PhoneNumber = requiredText(MAX_WRITTEN_LENGTH).transform((written, context) => {
  const phone = toStoredPhone(written);
  if (phone === undefined) {
    context.issues.push({ code: 'custom', message: 'is not a phone number', input: written });
    return z.NEVER;
  }
  return phone;
});

/** How a stored number is shown; text that is not a number (written before this rule) is shown as it is. */
export function formatPhone(value: string | null | undefined): string {
  if (!value) return '';
  const phone = parse(value);
  if (!phone?.isValid()) return value;
  const number = phone.country === DEFAULT_PHONE_REGION ? phone.formatNational() : phone.formatInternational();
  // formatNational/International add " ext. N" themselves; Italian writes "int." and the number goes first.
  const plain = phone.ext ? number.replace(/\s*ext\.\s*\d+$/, '') : number;
  return phone.ext ? `${plain} int. ${phone.ext}` : plain;
}

/** A `tel:` link for a stored (or legacy) number. */
export function phoneHref(value: string): string {
  const phone = parse(value);
  return phone?.isValid() ? phone.getURI() : `tel:${value.replace(/[^\d+]/g, '')}`;
}
