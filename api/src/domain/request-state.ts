import type { Mode, RemoteMode, RequestStatus } from '@ponte/shared';
import { isLateCancellation } from '@ponte/shared';

export { isLateCancellation };

export const requestActions = [
  'accept',
  'assign',
  'withdraw',
  'complete',
  'confirm',
  'cancel',
  'markUnfilled',
  'expire',
  'approve',
  'reject',
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
  // Over budget under an `approve` funding line: a coordinator decides; the requester may still cancel.
  awaiting_approval: { approve: 'searching', reject: 'cancelled', cancel: 'cancelled', expire: 'expired' },
};

/** A new request searches at once, unless its funding line needs a coordinator to approve it first. */
export const statusAtCreation = (charge: { needsApproval: boolean }): 'searching' | 'awaiting_approval' =>
  charge.needsApproval ? 'awaiting_approval' : 'searching';

export const terminalRequestStatuses = [
  'completed',
  'expired',
  'cancelled',
] as const satisfies readonly RequestStatus[];

/** A mediator's clock and the school's rarely agree to the minute: this much beyond the elapsed time is still believed. */
export const COMPLETION_TOLERANCE_MINUTES = 15;

export function nextStatus(from: RequestStatus, action: RequestAction): RequestStatus | null {
  return transitions[from][action] ?? null;
}

export function canTransition(from: RequestStatus, action: RequestAction): boolean {
  return nextStatus(from, action) !== null;
}

export function isTerminalStatus(status: RequestStatus): boolean {
  return (terminalRequestStatuses as readonly RequestStatus[]).includes(status);
}

/** What the state machine needs to know of a request. */
export interface RequestLifeState {
  status: RequestStatus;
  startsAt: Date;
  /** When the requester confirmed or disputed the completion; null before. */
  confirmedAt: Date | null;
  /** The request's mode and the remote mode its requester accepts instead (issue 16); absent: no fallback. */
  mode?: Mode;
  remoteFallback?: RemoteMode | null;
}

export type RequestCommand =
  | { action: 'accept' | 'assign' | 'withdraw' | 'cancel' | 'markUnfilled' | 'expire' | 'approve' | 'reject' }
  | { action: 'complete'; actualMinutes: number }
  | { action: 'confirm'; confirmed: boolean };

/** The timeline event each transition records (API.md, timeline `type`). */
export type RequestEventType =
  | 'accepted'
  | 'assigned'
  | 'withdrawn'
  | 'completed'
  | 'confirmed'
  | 'disputed'
  | 'cancelled'
  | 'unfilled'
  | 'expired'
  | 'approved'
  | 'rejected'
  | 'remote_fallback';

export interface RequestTransition {
  ok: true;
  status: RequestStatus;
  event: RequestEventType;
  /** Only a cancellation can be late; false for every other action. */
  lateCancellation: boolean;
  /** When the sweep must look at the request next; null when nothing time-driven is left for it. */
  nextCheckAt: Date | null;
  /**
   * Set when an in-person search that would end unfilled goes on in the remote mode its requester
   * accepted instead (event `remote_fallback`, status still `searching`): the new mode, whose search
   * starts afresh with every district's remote mediators.
   */
  switchToMode?: RemoteMode;
}

export type RequestRefusal =
  | { ok: false; code: 'INVALID_TRANSITION'; message: string }
  | { ok: false; code: 'INVALID_FIELD'; field: string; message: string };

const eventOf: Record<Exclude<RequestAction, 'confirm'>, RequestEventType> = {
  accept: 'accepted',
  assign: 'assigned',
  withdraw: 'withdrawn',
  complete: 'completed',
  cancel: 'cancelled',
  markUnfilled: 'unfilled',
  expire: 'expired',
  approve: 'approved',
  reject: 'rejected',
};

const refuse = (message: string): RequestRefusal => ({ ok: false, code: 'INVALID_TRANSITION', message });

/**
 * The request state machine: the one place that decides whether an action may happen to a request
 * now, what its status becomes and what follows (late cancellation, the next sweep check, the
 * timeline event). Every status write of the application goes through it.
 */
export function decideRequestTransition(
  request: RequestLifeState,
  command: RequestCommand,
  now: Date,
): RequestTransition | RequestRefusal {
  const { action } = command;
  const status = nextStatus(request.status, action);
  if (status === null) {
    return refuse(
      `A request that is ${request.status} cannot be ${action === 'cancel' ? 'cancelled' : `given "${action}"`}`,
    );
  }
  if (command.action === 'complete') {
    if (now < request.startsAt) return refuse('A request cannot be completed before it starts');
    const elapsedMinutes = (now.getTime() - request.startsAt.getTime()) / 60_000;
    if (command.actualMinutes > elapsedMinutes + COMPLETION_TOLERANCE_MINUTES) {
      return {
        ok: false,
        code: 'INVALID_FIELD',
        field: 'actualMinutes',
        message: `is more than the ${Math.floor(elapsedMinutes)} minutes since the start`,
      };
    }
  }
  if (command.action === 'confirm' && request.confirmedAt !== null) {
    return refuse('This service was already confirmed or disputed');
  }
  const fallback = remoteFallbackOf(request, action, now);
  if (fallback) {
    return {
      ok: true,
      status: 'searching',
      event: 'remote_fallback',
      lateCancellation: false,
      nextCheckAt: now,
      switchToMode: fallback,
    };
  }
  return {
    ok: true,
    status,
    event: command.action === 'confirm' ? (command.confirmed ? 'confirmed' : 'disputed') : eventOf[command.action],
    lateCancellation: action === 'cancel' && isLateCancellation(request.status, request.startsAt, now),
    nextCheckAt: nextCheckAfter(status, request, now),
  };
}

/**
 * An in-person search about to end unfilled (nobody left, or its deadline) switches to the remote mode
 * the requester accepted, once: the switched request is no longer in person, so its own end is final.
 * Not once the start has passed: then the request expires.
 */
function remoteFallbackOf(request: RequestLifeState, action: RequestAction, now: Date): RemoteMode | null {
  if (action !== 'markUnfilled' || request.status !== 'searching') return null;
  if (request.mode !== 'in_person' || !request.remoteFallback) return null;
  return now < request.startsAt ? request.remoteFallback : null;
}

/**
 * A search looks again at once; an unfilled request, and one awaiting approval, still expires when its
 * start passes; the rest wait for nobody.
 */
export function nextCheckAfter(
  status: RequestStatus,
  request: Pick<RequestLifeState, 'startsAt'>,
  now: Date,
): Date | null {
  if (status === 'searching') return now;
  if (status === 'unfilled' || status === 'awaiting_approval') return request.startsAt;
  return null;
}
