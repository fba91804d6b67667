import type { OrganizationBudgetLine, ServiceType } from '@ponte/shared';

/**
 * The line a new request would be charged to, as far as the form can tell: the first by `from` whose
 * period holds the Rome date and whose services hold the chosen one. Only a hint before sending: the
 * API charges (api/src/domain/funding.ts), with the district of the address too.
 */
export function budgetLineFor(
  lines: readonly OrganizationBudgetLine[],
  request: { serviceType: ServiceType | null; date: string },
): OrganizationBudgetLine | null {
  if (!request.serviceType || !request.date) return null;
  const serviceType = request.serviceType;
  return (
    [...lines]
      .sort((a, b) => (a.from < b.from ? -1 : a.from > b.from ? 1 : 0))
      .find(
        (line) =>
          line.from <= request.date &&
          request.date <= line.to &&
          (line.serviceTypes.length === 0 || line.serviceTypes.includes(serviceType)),
      ) ?? null
  );
}

/** Whether the request's minutes go beyond what the line has left (booked + delivered + its own > budget). */
export const goesOver = (line: OrganizationBudgetLine, durationMinutes: number) =>
  durationMinutes > line.remainingMinutes;
