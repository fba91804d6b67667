import type { SeriesPreviewBody } from '@ponte/shared';
import { romeWallTimeToIso } from './rome-time';

/** What the "Più incontri" fields hold: a weekly rule or a list of dates, and the days left out. */
export interface SeriesRuleDraft {
  kind: 'weekly' | 'dates';
  first: string;
  until: string;
  /** 1 = Monday … 7 = Sunday, as strings for the checkboxes. */
  weekdays: string[];
  start: string;
  dates: { date: string; time: string }[];
  excludeDates: string[];
  skipHolidays: boolean;
}

export function emptySeriesRule(): SeriesRuleDraft {
  return {
    kind: 'weekly',
    first: '',
    until: '',
    weekdays: [],
    start: '',
    dates: [{ date: '', time: '' }],
    excludeDates: [],
    skipHolidays: true,
  };
}

/** The series part of the API body (`sessions`, `skipHolidays`, `excludeDates`) from what is on screen. */
export function seriesRuleBody(draft: SeriesRuleDraft): Omit<SeriesPreviewBody, 'durationMinutes'> {
  const sessions =
    draft.kind === 'weekly'
      ? {
          first: draft.first,
          until: draft.until,
          weekdays: draft.weekdays.map(Number).sort((a, b) => a - b),
          start: draft.start,
        }
      : {
          dates: draft.dates
            .filter((row) => row.date !== '' || row.time !== '')
            .map((row) => romeWallTimeToIso(row.date, row.time) ?? `${row.date}T${row.time}`),
        };
  return {
    sessions,
    skipHolidays: draft.skipHolidays,
    excludeDates: draft.excludeDates.filter((date) => date !== ''),
  };
}

/** Whether the rule is filled in enough to be worth previewing. */
export function isSeriesRuleComplete(draft: SeriesRuleDraft): boolean {
  if (draft.kind === 'weekly')
    return draft.first !== '' && draft.until !== '' && draft.weekdays.length > 0 && draft.start !== '';
  return draft.dates.some((row) => row.date !== '' && row.time !== '');
}
