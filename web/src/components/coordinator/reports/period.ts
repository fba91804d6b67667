/**
 * Report periods as coordinators think of them: calendar days in Italy (Europe/Rome), both ends
 * included ("from 1 September to 31 August"). The API wants `[from, to)` with `to` excluded, and reads a
 * bare date as midnight in Rome, so the only conversion needed is "the day after the last day".
 */
export interface ReportPeriod {
  /** First day, `YYYY-MM-DD`. */
  from: string;
  /** Last day, included, `YYYY-MM-DD`. */
  to: string;
}

export const periodPresets = ['thisMonth', 'lastMonth', 'thisSchoolYear', 'last12Months'] as const;
export type PeriodPreset = (typeof periodPresets)[number];

const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;
/** The Italian school year starts on 1 September (month 9) and ends on 31 August. */
const SCHOOL_YEAR_FIRST_MONTH = 9;

function partsOf(day: string): [number, number, number] {
  const match = DAY.exec(day);
  if (!match) throw new RangeError(`Not a calendar day: ${day}`);
  return [Number(match[1]), Number(match[2]), Number(match[3])];
}

/**
 * A calendar day from a year, a month (1-12) and a day of the month, any of which may overflow or be 0:
 * `calendarDay(2027, 3, 0)` is the last day of February 2027, `calendarDay(2026, 0, 1)` is 1 December 2025.
 */
function calendarDay(year: number, month: number, dayOfMonth: number): string {
  return new Date(Date.UTC(year, month - 1, dayOfMonth)).toISOString().slice(0, 10);
}

export function isCalendarDay(value: unknown): value is string {
  if (typeof value !== 'string' || !DAY.test(value)) return false;
  const [year, month, dayOfMonth] = partsOf(value);
  return calendarDay(year, month, dayOfMonth) === value;
}

export function nextDay(day: string): string {
  const [year, month, dayOfMonth] = partsOf(day);
  return calendarDay(year, month, dayOfMonth + 1);
}

/**
 * The days of a preset, seen from `today` (a Rome calendar day):
 * - this month and last month: whole calendar months;
 * - this school year: 1 September to 31 August, the one `today` falls in;
 * - last 12 months: this month and the eleven before it, whole months, so that a month-by-month view has
 *   twelve comparable bars (the current month still running is the last of them).
 */
export function presetPeriod(preset: PeriodPreset, today: string): ReportPeriod {
  const [year, month] = partsOf(today);
  switch (preset) {
    case 'thisMonth':
      return { from: calendarDay(year, month, 1), to: calendarDay(year, month + 1, 0) };
    case 'lastMonth':
      return { from: calendarDay(year, month - 1, 1), to: calendarDay(year, month, 0) };
    case 'thisSchoolYear': {
      const startYear = month >= SCHOOL_YEAR_FIRST_MONTH ? year : year - 1;
      return {
        from: calendarDay(startYear, SCHOOL_YEAR_FIRST_MONTH, 1),
        to: calendarDay(startYear + 1, SCHOOL_YEAR_FIRST_MONTH, 0),
      };
    }
    case 'last12Months':
      return { from: calendarDay(year, month - 11, 1), to: calendarDay(year, month + 1, 0) };
  }
}

/** The preset that gives exactly this period today, if any (so its button shows as the current choice). */
export function presetOf(period: ReportPeriod, today: string): PeriodPreset | undefined {
  return periodPresets.find((preset) => {
    const candidate = presetPeriod(preset, today);
    return candidate.from === period.from && candidate.to === period.to;
  });
}

export function isValidPeriod(period: ReportPeriod): boolean {
  return isCalendarDay(period.from) && isCalendarDay(period.to) && period.from <= period.to;
}

/** The query the report endpoints take: dates (midnight in Rome), `to` excluded. */
export function toApiPeriod(period: ReportPeriod): { from: string; to: string } {
  return { from: period.from, to: nextDay(period.to) };
}

export interface PeriodMonth {
  /** `YYYY-MM`, as the API names months. */
  key: string;
  /** The part of the month inside the period, as an API query (`to` excluded). */
  query: { from: string; to: string };
}

/** The calendar months the period touches, each cut to the period: a period from 15 March gives March from the 15th. */
export function monthsOf(period: ReportPeriod): PeriodMonth[] {
  const end = nextDay(period.to);
  const months: PeriodMonth[] = [];
  let [year, month] = partsOf(period.from);
  for (let start = period.from; start < end;) {
    const nextMonth = calendarDay(year, month + 1, 1);
    months.push({ key: start.slice(0, 7), query: { from: start, to: nextMonth < end ? nextMonth : end } });
    start = nextMonth;
    [year, month] = partsOf(nextMonth);
  }
  return months;
}
