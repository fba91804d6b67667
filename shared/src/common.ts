import { z } from 'zod';

/*
 * The one place that decides what text and what times the API takes (issue 13): every string and date
 * field of a body or a query is built from these, so a NUL, a lone surrogate or a year 0 is refused as
 * a 400 naming the field, never handed to PostgreSQL (whose `text` cannot hold U+0000 and whose `jsonb`
 * refuses a lone surrogate).
 *
 * - Single-line text (names, codes, addresses, phone numbers…) refuses every control character: C0
 *   (U+0000–U+001F, tab and line breaks included), DEL and C1 (U+007F–U+009F).
 * - Multi-line free text (notes, reasons, comments) also takes tab, line feed and carriage return,
 *   which a textarea sends; the other controls are refused there too.
 * - Both refuse an unpaired UTF-16 surrogate (text that is not Unicode at all).
 */

const isForbiddenControl = (codePoint: number, multiline: boolean) =>
  (codePoint <= 0x1f || (codePoint >= 0x7f && codePoint <= 0x9f)) &&
  !(multiline && (codePoint === 0x09 || codePoint === 0x0a || codePoint === 0x0d));

/** Why a string may not be stored as text, or undefined when it may. */
export function textProblem(value: string, { multiline = false } = {}): string | undefined {
  // for…of walks code points: a well-formed pair arrives as one, an unpaired half alone.
  for (const character of value) {
    const codePoint = character.codePointAt(0) ?? 0;
    if (codePoint >= 0xd800 && codePoint <= 0xdfff) return 'contains an unpaired surrogate (not Unicode text)';
    if (isForbiddenControl(codePoint, multiline)) {
      const name = `U+${codePoint.toString(16).toUpperCase().padStart(4, '0')}`;
      return `contains a control character (${name})`;
    }
  }
  return undefined;
}

const safeText = (multiline: boolean) =>
  z
    .string()
    .trim()
    .check((context) => {
      const problem = textProblem(context.value, { multiline });
      if (problem) context.issues.push({ code: 'custom', message: problem, input: context.value });
    });

/** Single-line text, trimmed, at most `max` characters; may be empty. */
export const plainText = (max: number) => safeText(false).max(max);
/** Single-line text that must be there: trimmed, 1 to `max` characters. */
export const requiredText = (max: number) => safeText(false).min(1, 'is required').max(max);
/** Free text that may span lines (tab, LF and CR allowed), trimmed, at most `max` characters. */
export const multilineText = (max: number) => safeText(true).max(max);
/** A secret a person types (password, token): not trimmed, but no controls or lone surrogates either. */
export const secretText = (min: number, max: number, message?: string) =>
  z
    .string()
    .min(min, message)
    .max(max)
    .check((context) => {
      const problem = textProblem(context.value);
      if (problem) context.issues.push({ code: 'custom', message: problem, input: context.value });
    });

/*
 * Times: years 1 to 9999, as ISO 8601 writes them with four digits and as PostgreSQL and every client
 * read them back. An instant (with its offset) must fall within 0001-01-01T00:00:00Z and
 * 9999-12-31T23:59:59.999Z; a calendar date within 0001-01-02 and 9999-12-31, so its midnight in any
 * time zone (Europe/Rome included) is still such an instant.
 */
export const EARLIEST_INSTANT_MS = Date.parse('0001-01-01T00:00:00.000Z');
export const LATEST_INSTANT_MS = Date.parse('9999-12-31T23:59:59.999Z');
const EARLIEST_DATE = '0001-01-02';
/**
 * A request must end by 9999-12-31T00:00Z: the day left keeps what is computed from its end (the
 * travel buffer after it, its local dates in Rome) within years 1 to 9999 as well.
 */
export const LATEST_REQUEST_END_MS = Date.parse('9999-12-31T00:00:00.000Z');

const withinInstantRange = (value: string) => {
  const ms = Date.parse(value);
  return ms >= EARLIEST_INSTANT_MS && ms <= LATEST_INSTANT_MS;
};

export const Uuid = z.uuid();
/** ISO 8601 instant with offset, as the API exchanges times, in years 1 to 9999 (UTC). */
export const IsoDateTime = z.iso
  .datetime({ offset: true })
  .refine(withinInstantRange, 'must be a time between 0001-01-01 and 9999-12-31 (UTC)');
/** ISO 8601 calendar date, `YYYY-MM-DD`, from 0001-01-02 to 9999-12-31. */
export const IsoDate = z.iso
  .date()
  .refine((value) => value >= EARLIEST_DATE, 'must be a date between 0001-01-02 and 9999-12-31');
/** Local wall-clock time in Europe/Rome, "HH:MM". */
export const LocalTime = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$|^24:00$/, 'expected HH:MM');

/**
 * A PATCH body must change something: an empty object, or one whose keys are all unknown (zod strips
 * them), is a 400 naming the body rather than an update of nothing.
 */
export const changingSomething = <T extends z.ZodObject>(schema: T) =>
  schema.refine((patch) => Object.values(patch).some((value) => value !== undefined), {
    message: 'changes nothing: send at least one known field',
  });

export const ListQuery = z.object({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  offset: z.coerce.number().int().min(0).default(0),
});

export const listOf = <T extends z.ZodType>(item: T) =>
  z.object({ items: z.array(item), total: z.number().int().optional(), nextCursor: z.string().optional() });

export const Problem = z.object({
  type: z.string(),
  title: z.string(),
  status: z.number().int(),
  detail: z.string().optional(),
  code: z.string(),
  errors: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
});
export type Problem = z.infer<typeof Problem>;
