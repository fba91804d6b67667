import { serviceTypesByKind } from '@ponte/shared';
import { describe, expect, it } from 'vitest';
import { tierFor } from '../src/domain/dispatch-policy.js';
import { demoShape, FOLLOW_UP_SHARE, generateDemand, schoolDays } from './demand.js';
import { HOUR_MS, wallClock } from './local-clock.js';

const season = generateDemand({ seed: 3, days: 80 });
const shareOf = (predicate: (request: (typeof season)[number]) => boolean) =>
  season.filter(predicate).length / season.length;

describe('the demand generator', () => {
  it('gives the same season for the same seed and another for another seed', () => {
    expect(generateDemand({ seed: 3, days: 80 })).toEqual(season);
    expect(generateDemand({ seed: 4, days: 80 })).not.toEqual(season);
  });

  it('files requests on school days only, in office hours, in creation order', () => {
    const days = new Set(schoolDays(80));
    for (const [position, request] of season.entries()) {
      const filed = wallClock(request.createdAt);
      expect(days.has(filed.date)).toBe(true);
      expect(filed.minute).toBeGreaterThanOrEqual(7 * 60 + 30);
      expect(filed.minute).toBeLessThanOrEqual(17 * 60 + 30);
      if (position > 0)
        expect(request.createdAt.getTime()).toBeGreaterThan(season[position - 1]?.createdAt.getTime() ?? 0);
    }
  });

  it('starts requests in school or office hours on weekdays, on the quarter hour', () => {
    for (const request of season) {
      const start = wallClock(request.startsAt);
      expect(start.weekday).toBeLessThanOrEqual(5);
      expect(start.minute % 15).toBe(0);
      expect(start.minute).toBeGreaterThanOrEqual(request.kind === 'school' ? 8 * 60 : 9 * 60);
      expect(start.minute).toBeLessThanOrEqual(request.kind === 'school' ? 16 * 60 + 30 : 17 * 60);
      expect(serviceTypesByKind[request.kind]).toContain(request.serviceType);
      if (request.serviceType === 'home_visit') expect(request.mode).toBe('in_person');
    }
  });

  it('has lead times a third under 24 h, a third 1–3 days, a third planned', () => {
    const lead = (request: (typeof season)[number]) => request.startsAt.getTime() - request.createdAt.getTime();
    // Friday afternoons push some same-day requests to Monday: "under 24 h" is a little under a third.
    expect(shareOf((request) => lead(request) < 24 * HOUR_MS)).toBeGreaterThan(0.27);
    expect(shareOf((request) => lead(request) < 24 * HOUR_MS)).toBeLessThan(0.36);
    expect(shareOf((request) => lead(request) >= 24 * HOUR_MS && lead(request) <= 72 * HOUR_MS)).toBeGreaterThan(0.29);
    expect(shareOf((request) => lead(request) >= 24 * HOUR_MS && lead(request) <= 72 * HOUR_MS)).toBeLessThan(0.4);
    expect(shareOf((request) => lead(request) > 72 * HOUR_MS)).toBeGreaterThan(0.29);
    expect(shareOf((request) => lead(request) > 72 * HOUR_MS)).toBeLessThan(0.38);
    // The lead class is the engine's tier.
    for (const request of season)
      expect(tierFor(request.createdAt, request.startsAt)).toBe(
        { under_24h: 'urgent', one_to_three_days: 'soon', planned: 'planned' }[request.lead],
      );
  });

  it('peaks in September', () => {
    const perDay = (month: number) => {
      const days = new Set(schoolDays(80).filter((date) => Number(date.slice(5, 7)) === month));
      return season.filter((request) => days.has(wallClock(request.createdAt).date)).length / days.size;
    };
    expect(perDay(9)).toBeGreaterThan(perDay(11) * 1.3);
    expect(perDay(11)).toBeGreaterThan(demoShape.requestsPerSchoolDay * 0.8);
    expect(perDay(11)).toBeLessThan(demoShape.requestsPerSchoolDay * 1.2);
  });

  it("draws languages, modes and lengths in the shape's proportions", () => {
    const total = demoShape.languages.reduce((sum, [, weight]) => sum + weight, 0);
    const arabic = (demoShape.languages.find(([code]) => code === 'ar')?.[1] ?? 0) / total;
    // Follow-ups repeat a case's language, so the share wanders a little more than sampling alone.
    expect(shareOf((request) => request.languageCode === 'ar')).toBeGreaterThan(arabic * 0.75);
    expect(shareOf((request) => request.languageCode === 'ar')).toBeLessThan(arabic * 1.25);
    expect(shareOf((request) => request.mode === 'in_person')).toBeGreaterThan(0.65);
    expect(shareOf((request) => request.mode === 'in_person')).toBeLessThan(0.8);
    expect(shareOf((request) => request.durationMinutes === 60)).toBeGreaterThan(0.35);
    expect(shareOf((request) => request.durationMinutes === 60)).toBeLessThan(0.45);
  });

  it('brings cases back: follow-ups keep the organization, language and case reference', () => {
    const byCase = new Map<string, (typeof season)[number][]>();
    for (const request of season)
      if (request.caseRef) byCase.set(request.caseRef, [...(byCase.get(request.caseRef) ?? []), request]);
    const followUps = [...byCase.values()].reduce((sum, requests) => sum + requests.length - 1, 0);
    expect(followUps / season.length).toBeGreaterThan(FOLLOW_UP_SHARE * 0.8);
    expect(followUps / season.length).toBeLessThan(FOLLOW_UP_SHARE * 1.2);
    for (const requests of byCase.values()) {
      expect(new Set(requests.map((request) => request.organizationKey)).size).toBe(1);
      expect(new Set(requests.map((request) => request.languageCode)).size).toBe(1);
    }
  });
});
