import {
  changingSomething,
  EARLIEST_INSTANT_MS,
  IsoDate,
  IsoDateTime,
  LATEST_INSTANT_MS,
  LATEST_REQUEST_END_MS,
  MePatch,
  multilineText,
  OrganizationPatch,
  plainText,
  RequestCreate,
  requiredText,
} from '@ponte/shared';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';

// Issue 13, point 1: the shared string and date schemas decide, for every field, what the API takes.
// Each property compares them with a plain reference written another way (regular expressions,
// String#isWellFormed, arithmetic on the parts), over inputs rich in what broke PostgreSQL.

const RUNS = 2_000;

/** Characters that make trouble, mixed into ordinary text so that most strings hold one or two. */
const troublesome = fc.constantFrom(
  '\u0000',
  '\u0001',
  '\u0007',
  '\t',
  '\n',
  '\r',
  '\u000b',
  '\u001b',
  '\u001f',
  '\u007f',
  '\u0085',
  '\u009f',
  '\ud800',
  '\udbff',
  '\udc00',
  '\udfff',
  '\ud83d\ude00',
  ' ',
  '\u00a0',
  '\ufeff',
  'é',
  'ع',
);
const ordinary = fc.string({ unit: 'binary', maxLength: 6 });
const nastyString = fc.array(fc.oneof(ordinary, troublesome), { maxLength: 8 }).map((parts) => parts.join(''));

// The reference is a regular expression of control characters on purpose.
// eslint-disable-next-line no-control-regex
const CONTROLS = /[\u0000-\u001f\u007f-\u009f]/u;
// eslint-disable-next-line no-control-regex
const CONTROLS_BUT_LINE_BREAKS = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/u;
const wellFormed = (value: string) => (value as string & { isWellFormed(): boolean }).isWellFormed();

/** What a text field must take, written without the schema's code-point loop. */
function referenceText(value: string, max: number, { multiline = false, required = false } = {}) {
  const trimmed = value.trim();
  const ok =
    wellFormed(trimmed) &&
    !(multiline ? CONTROLS_BUT_LINE_BREAKS : CONTROLS).test(trimmed) &&
    // zod measures strings in code points, as a person counts characters.
    [...trimmed].length <= max &&
    (!required || trimmed.length >= 1);
  return { ok, trimmed };
}

describe('text fields', () => {
  const cases = [
    { name: 'single-line', schema: plainText(12), options: {} },
    { name: 'required single-line', schema: requiredText(12), options: { required: true } },
    { name: 'multi-line', schema: multilineText(12), options: { multiline: true } },
  ];
  for (const { name, schema, options } of cases) {
    it(`${name}: never throws, refuses exactly the bad strings, and what it accepts round-trips`, () => {
      fc.assert(
        fc.property(nastyString, (value) => {
          const parsed = schema.safeParse(value);
          const expected = referenceText(value, 12, options);
          expect(parsed.success, JSON.stringify(value)).toBe(expected.ok);
          if (parsed.success) {
            expect(parsed.data).toBe(expected.trimmed);
            // Accepted text is what it stores: parsing it again changes nothing.
            expect(schema.parse(parsed.data)).toBe(parsed.data);
            expect(JSON.parse(JSON.stringify(parsed.data))).toBe(parsed.data);
          }
        }),
        { numRuns: RUNS },
      );
    });
  }

  it('names the character it refuses', () => {
    expect(plainText(10).safeParse('a\u0000b').error?.issues[0]?.message).toContain('U+0000');
    expect(plainText(10).safeParse('\ud800').error?.issues[0]?.message).toContain('surrogate');
    expect(multilineText(10).safeParse('a\nb\tc').success).toBe(true);
    expect(plainText(10).safeParse('a\nb').success).toBe(false);
  });
});

const pad = (value: number, width: number) => String(Math.abs(value)).padStart(width, '0');
/** A year as ISO 8601 writes it: four digits, or the expanded form (`+010000`, `-000001`) outside 0–9999. */
const isoYear = (year: number) => (year >= 0 && year <= 9999 ? pad(year, 4) : `${year < 0 ? '-' : '+'}${pad(year, 6)}`);

describe('instants', () => {
  // Local wall-clock parts and an offset, over years well beyond both ends of the range.
  const instant = fc.record({
    year: fc.oneof(
      fc.integer({ min: -2, max: 3 }),
      fc.integer({ min: 9997, max: 10_001 }),
      fc.integer({ min: -10, max: 12_000 }),
    ),
    month: fc.integer({ min: 1, max: 12 }),
    day: fc.integer({ min: 1, max: 31 }),
    hour: fc.integer({ min: 0, max: 23 }),
    minute: fc.integer({ min: 0, max: 59 }),
    second: fc.integer({ min: 0, max: 59 }),
    offsetMinutes: fc.oneof(fc.constant(0), fc.integer({ min: -14 * 60, max: 14 * 60 })),
  });

  it('never throw, take exactly the valid times of years 1–9999 (UTC), and keep the instant they name', () => {
    fc.assert(
      fc.property(instant, ({ year, month, day, hour, minute, second, offsetMinutes }) => {
        const offset =
          offsetMinutes === 0
            ? 'Z'
            : `${offsetMinutes < 0 ? '-' : '+'}${pad(Math.trunc(offsetMinutes / 60), 2)}:${pad(offsetMinutes % 60, 2)}`;
        const text = `${isoYear(year)}-${pad(month, 2)}-${pad(day, 2)}T${pad(hour, 2)}:${pad(minute, 2)}:${pad(second, 2)}${offset}`;
        // The reference: a real calendar day, then the instant by arithmetic on the parts.
        const local = new Date(0);
        local.setUTCFullYear(year, month - 1, day);
        local.setUTCHours(hour, minute, second, 0);
        const realDay =
          local.getUTCFullYear() === year && local.getUTCMonth() === month - 1 && local.getUTCDate() === day;
        const ms = local.getTime() - offsetMinutes * 60_000;
        const expected = realDay && year >= 0 && year <= 9999 && ms >= EARLIEST_INSTANT_MS && ms <= LATEST_INSTANT_MS;

        const parsed = IsoDateTime.safeParse(text);
        expect(parsed.success, text).toBe(expected);
        if (parsed.success) expect(Date.parse(parsed.data)).toBe(ms);
      }),
      { numRuns: RUNS },
    );
  });

  it('refuse the values that reached PostgreSQL as 500s', () => {
    for (const text of ['0000-01-01T00:00:00Z', '+010000-01-02T01:29:59Z', '0001-01-01T00:30:00+01:00'])
      expect(IsoDateTime.safeParse(text).success, text).toBe(false);
    expect(IsoDateTime.safeParse('9999-12-31T23:59:59Z').success).toBe(true);
  });
});

describe('calendar dates', () => {
  it('take exactly the real days from 0001-01-02 to 9999-12-31', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.integer({ min: -1, max: 2 }),
          fc.integer({ min: 9998, max: 10_001 }),
          fc.integer({ min: 1, max: 9999 }),
        ),
        fc.integer({ min: 0, max: 13 }),
        fc.integer({ min: 0, max: 32 }),
        (year, month, day) => {
          const text = `${isoYear(year)}-${pad(month, 2)}-${pad(day, 2)}`;
          const date = new Date(0);
          date.setUTCFullYear(year, month - 1, day);
          const realDay =
            date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
          const expected = realDay && year >= 1 && year <= 9999 && !(year === 1 && month === 1 && day === 1);
          const parsed = IsoDate.safeParse(text);
          expect(parsed.success, text).toBe(expected);
          if (parsed.success) expect(parsed.data).toBe(text);
        },
      ),
      { numRuns: RUNS },
    );
  });
});

describe('a request’s end', () => {
  const base = {
    serviceType: 'school_meeting',
    languageCode: 'ar',
    mode: 'phone',
    contactName: 'Maria Rossi',
    contactPhone: '+39 039 6081234',
  } as const;

  it('must stay by 9999-12-31, whatever the start and the duration', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: LATEST_REQUEST_END_MS - 2 * 86_400_000, max: LATEST_INSTANT_MS }),
        fc.integer({ min: 30, max: 480 }),
        (startMs, durationMinutes) => {
          const startsAt = new Date(Math.floor(startMs / 1000) * 1000).toISOString();
          const parsed = RequestCreate.safeParse({ ...base, startsAt, durationMinutes });
          const expected = Date.parse(startsAt) + durationMinutes * 60_000 <= LATEST_REQUEST_END_MS;
          expect(parsed.success, `${startsAt} + ${durationMinutes}`).toBe(expected);
          if (!parsed.success) expect(parsed.error.issues.map((issue) => issue.path.join('.'))).toEqual(['startsAt']);
        },
      ),
      { numRuns: 500 },
    );
  });
});

describe('PATCH bodies', () => {
  const unknownKeys = fc.dictionary(
    fc.string({ minLength: 1, maxLength: 8 }).filter((key) => !['locale', 'name', 'phone', 'kind'].includes(key)),
    fc.jsonValue(),
    { maxKeys: 4 },
  );

  it('refuse an empty body or one of unknown keys only, naming the body', () => {
    fc.assert(
      fc.property(unknownKeys, (body) => {
        for (const schema of [MePatch, OrganizationPatch]) {
          const parsed = schema.safeParse(body);
          expect(parsed.success).toBe(false);
          expect(parsed.error?.issues.map((issue) => issue.path.length)).toEqual([0]);
        }
      }),
      { numRuns: 500 },
    );
  });

  it('take a body that changes one known field, whatever else it carries', () => {
    fc.assert(
      fc.property(unknownKeys, fc.constantFrom('it', 'en'), (body, locale) => {
        expect(MePatch.parse({ ...body, locale })).toEqual({ locale });
      }),
      { numRuns: 200 },
    );
    expect(changingSomething(z.object({ a: z.string().optional() })).safeParse({ a: '' }).success).toBe(true);
  });
});
