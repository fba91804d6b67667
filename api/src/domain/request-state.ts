import type { RequestStatus } from '@ponte/shared';

export const requestActions = [
  'accept',
  'assign',
  'withdraw',
  'complete',
  'confirm',
  'cancel',
  'markUnfilled',
  'expire',
] as const;
export type RequestAction = (typeof requestActions)[number];

/** DESIGN.md, "Request life". A missing entry is a transition that is not allowed. */
const transitions: Record<RequestStatus, Partial<Record<RequestAction, RequestStatus>>> = {
  searching: {
    accept: 'assigned',
    assign: 'assigned',
    markUnfilled: 'unfilled',
    expire: 'expired',
    cancel: 'cancelled',
  },
  unfilled: { accept: 'assigned', assign: 'assigned', expire: 'expired', cancel: 'cancelled' },
  assigned: { withdraw: 'searching', complete: 'completed', cancel: 'cancelled' },
  // Confirmation only records the requester's answer on the request; the status stays.
  completed: { confirm: 'completed' },
  expired: {},
  cancelled: {},
};

export const terminalRequestStatuses = [
  'completed',
  'expired',
  'cancelled',
] as const satisfies readonly RequestStatus[];

const LATE_CANCELLATION_WINDOW_MS = 24 * 60 * 60 * 1000;

export function nextStatus(from: RequestStatus, action: RequestAction): RequestStatus | null {
  return transitions[from][action] ?? null;
}

export function canTransition(from: RequestStatus, action: RequestAction): boolean {
  return nextStatus(from, action) !== null;
}

export function isTerminalStatus(status: RequestStatus): boolean {
  return (terminalRequestStatuses as readonly RequestStatus[]).includes(status);
}

/** Providers pay the mediator when an assigned request is cancelled less than 24 h before its start. */
export function isLateCancellation(status: RequestStatus, startsAt: Date, now: Date): boolean {
  return status === 'assigned' && startsAt.getTime() - now.getTime() < LATE_CANCELLATION_WINDOW_MS;
}
