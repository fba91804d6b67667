import type { Role } from '@ponte/shared';

export interface RequestViewer {
  role: Role;
  organizationId: string | null;
  mediatorId: string | null;
}

/** Who may see a request: its organization, coordinators, and the mediator assigned to it; to others it does not exist. */
export function canSeeRequest(
  viewer: RequestViewer,
  request: { organizationId: string; assignedMediatorId: string | null },
): boolean {
  if (viewer.role === 'coordinator') return true;
  if (viewer.role === 'requester') return request.organizationId === viewer.organizationId;
  return request.assignedMediatorId !== null && request.assignedMediatorId === viewer.mediatorId;
}
