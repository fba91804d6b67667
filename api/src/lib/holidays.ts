import Holidays from 'date-holidays';

/** Italy's public holidays (date-holidays keeps the list, e.g. 4 October is one again from 2026). */
const italy = new Holidays('IT');
const byYear = new Map<number, Map<string, string>>();

function publicHolidaysOf(year: number): Map<string, string> {
  let holidays = byYear.get(year);
  if (!holidays) {
    holidays = new Map(
      italy
        .getHolidays(year)
        .filter((holiday) => holiday.type === 'public')
        .map((holiday) => [holiday.date.slice(0, 10), holiday.name]),
    );
    byYear.set(year, holidays);
  }
  return holidays;
}

/** The Italian name of the national public holiday on `date` (YYYY-MM-DD), or null on an ordinary day. */
export function italianPublicHoliday(date: string): string | null {
  return publicHolidaysOf(Number(date.slice(0, 4))).get(date) ?? null;
}
