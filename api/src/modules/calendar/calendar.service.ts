import { createHash, timingSafeEqual } from 'node:crypto';
import ical, { ICalEventStatus } from 'ical-generator';
import { formatDuration, labels, modeLabel, serviceTypeLabel, type Locale } from '@ponte/shared';
import type { AppContext } from '../../context.js';
import { notFound } from '../../lib/errors.js';
import { languageLabel } from '../../realtime/mail/labels.js';
import { calendarRepository, type FeedAssignment } from './calendar.repository.js';

const HISTORY_DAYS = 30;
const DAY_MS = 86_400_000;

/** Compares secrets in time independent of where they differ (and of their lengths, by hashing both). */
function sameSecret(given: string, expected: string): boolean {
  const digest = (value: string) => createHash('sha256').update(value).digest();
  return timingSafeEqual(digest(given), digest(expected));
}

const words = {
  it: {
    mode: 'Modalità',
    duration: 'Durata',
    service: 'Servizio',
    open: 'Apri in Ponte',
  },
  en: {
    mode: 'Mode',
    duration: 'Duration',
    service: 'Service',
    open: 'Open in Ponte',
  },
} as const;

function location(assignment: FeedAssignment, locale: Locale): string {
  if (assignment.mode !== 'in_person') return modeLabel(assignment.mode, locale);
  // Once the mediator is off the job, the feed keeps the municipality only, not the place itself.
  const onTheJob = assignment.status === 'active' || assignment.status === 'completed';
  const { address, municipality } = assignment;
  // A home visit happens at the family's home: a feed that phones sync to outside services shows the
  // municipality only; the address is in the app, behind sign-in.
  if (!onTheJob || !address || assignment.serviceType === 'home_visit') return municipality;
  return address.toLowerCase().includes(municipality.toLowerCase()) ? address : `${address}, ${municipality}`;
}

export function createCalendarService({ db, clock, config }: AppContext) {
  return {
    /**
     * The mediator's agenda as an iCalendar feed (RFC 5545): every assignment from 30 days ago on,
     * ended ones as STATUS:CANCELLED so subscribed calendars drop them. The token is the only
     * credential (calendar apps send no bearer); a wrong or missing one is a plain 404.
     */
    async feed(mediatorId: string, token: string | undefined): Promise<string> {
      const owner = await calendarRepository.findFeedOwner(db, mediatorId);
      if (!owner || token === undefined || !sameSecret(token, owner.calendarToken)) throw notFound('Calendar');
      const locale: Locale = owner.locale ?? 'it';
      const w = words[locale];
      const now = clock.now();
      const assignments = await calendarRepository.findAssignmentsEndingSince(
        db,
        mediatorId,
        new Date(now.getTime() - HISTORY_DAYS * DAY_MS),
      );

      const calendar = ical({
        name: `Ponte — ${owner.fullName}`,
        prodId: { company: 'Ponte', product: 'Ponte', language: locale.toUpperCase() },
        ttl: 3600,
      });
      for (const assignment of assignments) {
        const ended = assignment.status === 'cancelled' || assignment.status === 'withdrawn';
        const title = `${languageLabel(assignment.language, locale, assignment.dialect)} — ${serviceTypeLabel(assignment.serviceType, locale)}`;
        const url = `${config.publicUrl}/assignments/${assignment.requestId}`;
        calendar.createEvent({
          id: `${assignment.id}@ponte`,
          start: assignment.startsAt,
          end: assignment.endsAt,
          stamp: now,
          created: assignment.createdAt,
          lastModified: assignment.endedAt ?? assignment.createdAt,
          // A change of status is a new revision for the calendar apps that compare SEQUENCE.
          sequence: assignment.status === 'active' ? 0 : 1,
          status: ended ? ICalEventStatus.CANCELLED : ICalEventStatus.CONFIRMED,
          summary: ended ? `${labels[locale].assignmentStatus[assignment.status]}: ${title}` : title,
          location: location(assignment, locale),
          description: [
            `${w.mode}: ${modeLabel(assignment.mode, locale)}`,
            `${w.duration}: ${formatDuration(assignment.durationMinutes, locale)}`,
            `${w.service}: ${serviceTypeLabel(assignment.serviceType, locale)}`,
            `${w.open}: ${url}`,
          ].join('\n'),
          url,
        });
      }
      return calendar.toString();
    },
  };
}

export type CalendarService = ReturnType<typeof createCalendarService>;
