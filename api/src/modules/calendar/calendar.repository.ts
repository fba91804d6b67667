import { and, asc, eq, gte } from 'drizzle-orm';
import type { Executor } from '../../db/client.js';
import { assignments, languages, mediators, requests, users } from '../../db/schema/index.js';

export const calendarRepository = {
  /** The mediator behind a feed, with its secret and the locale of the mediator's account (Italian without one). */
  async findFeedOwner(db: Executor, mediatorId: string) {
    const [row] = await db
      .select({
        id: mediators.id,
        fullName: mediators.fullName,
        calendarToken: mediators.calendarToken,
        locale: users.locale,
      })
      .from(mediators)
      .leftJoin(users, eq(users.mediatorId, mediators.id))
      .where(eq(mediators.id, mediatorId));
    return row;
  },

  /**
   * The mediator's assignments ending at or after `since`, with only the request fields a calendar
   * may show: never notes, contact, subject or case reference.
   */
  async findAssignmentsEndingSince(db: Executor, mediatorId: string, since: Date) {
    return db
      .select({
        id: assignments.id,
        requestId: assignments.requestId,
        startsAt: assignments.startsAt,
        endsAt: assignments.endsAt,
        status: assignments.status,
        mode: assignments.mode,
        createdAt: assignments.createdAt,
        endedAt: assignments.endedAt,
        serviceType: requests.serviceType,
        dialect: requests.dialect,
        durationMinutes: requests.durationMinutes,
        address: requests.locationAddress,
        municipality: requests.locationMunicipality,
        language: { nameIt: languages.nameIt, nameEn: languages.nameEn },
      })
      .from(assignments)
      .innerJoin(requests, eq(requests.id, assignments.requestId))
      .innerJoin(languages, eq(languages.code, requests.languageCode))
      .where(and(eq(assignments.mediatorId, mediatorId), gte(assignments.endsAt, since)))
      .orderBy(asc(assignments.startsAt), asc(assignments.id));
  },
};

export type FeedAssignment = Awaited<ReturnType<typeof calendarRepository.findAssignmentsEndingSince>>[number];
