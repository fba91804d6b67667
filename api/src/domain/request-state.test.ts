import { requestStatuses, type RequestStatus } from '@ponte/shared';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  canTransition,
  decideRequestTransition,
  statusAtCreation,
  isLateCancellation,
  isTerminalStatus,
  nextStatus,
  requestActions,
  type RequestAction,
} from './request-state.js';

const allowed: Record<RequestStatus, Partial<Record<RequestAction, RequestStatus>>> = {
  searching: {
    accept: 'assigned',
    assign: 'assigned',
    markUnfilled: 'unfilled',
    expire: 'expired',
    cancel: 'cancelled',
  },
  unfilled: { accept: 'assigned', assign: 'assigned', expire: 'expired', cancel: 'cancelled' },
  assigned: { withdraw: 'searching', complete: 'completed', cancel: 'cancelled' },
  completed: { confirm: 'completed' },
  expired: {},
  cancelled: {},
  awaiting_approval: { approve: 'searching', reject: 'cancelled', cancel: 'cancelled', expire: 'expired' },
};

const everyPair = requestStatuses.flatMap((from) =>
  requestActions.map((action) => ({ from, action, to: allowed[from][action] ?? null })),
);

describe('nextStatus', () => {
  it.each(everyPair)('$from --$action--> $to', ({ from, action, to }) => {
    expect(nextStatus(from, action)).toBe(to);
    expect(canTransition(from, action)).toBe(to !== null);
  });

  it('never leaves a terminal status, except that confirm keeps a completed request completed', () => {
    const status = fc.constantFrom(...requestStatuses);
    const actions = fc.array(fc.constantFrom(...requestActions), { maxLength: 30 });
    fc.assert(
      fc.property(status, actions, (start, sequence) => {
        let current = start;
        for (const action of sequence) {
          const next = nextStatus(current, action);
          if (isTerminalStatus(current)) {
            const confirmsCompleted = current === 'completed' && action === 'confirm';
            expect(next).toBe(confirmsCompleted ? 'completed' : null);
          }
          if (next !== null) current = next;
        }
      }),
    );
  });
});

describe('isTerminalStatus', () => {
  it.each<[RequestStatus, boolean]>([
    ['searching', false],
    ['unfilled', false],
    ['assigned', false],
    ['completed', true],
    ['expired', true],
    ['cancelled', true],
    ['awaiting_approval', false],
  ])('%s → %s', (status, terminal) => {
    expect(isTerminalStatus(status)).toBe(terminal);
  });
});

describe('isLateCancellation', () => {
  const startsAt = new Date('2027-04-14T08:00:00Z');
  const hoursBefore = (hours: number): Date => new Date(startsAt.getTime() - hours * 3_600_000);
  it.each<{ status: RequestStatus; now: Date; late: boolean }>([
    { status: 'assigned', now: hoursBefore(48), late: false },
    { status: 'assigned', now: hoursBefore(24), late: false },
    { status: 'assigned', now: hoursBefore(23.99), late: true },
    { status: 'assigned', now: hoursBefore(1), late: true },
    { status: 'assigned', now: hoursBefore(-1), late: true },
    { status: 'searching', now: hoursBefore(1), late: false },
    { status: 'unfilled', now: hoursBefore(1), late: false },
    { status: 'awaiting_approval', now: hoursBefore(1), late: false },
  ])('$status at $now → $late', ({ status, now, late }) => {
    expect(isLateCancellation(status, startsAt, now)).toBe(late);
  });
});

describe('statusAtCreation', () => {
  it('searches at once unless the funding line needs an approval', () => {
    expect(statusAtCreation({ needsApproval: false })).toBe('searching');
    expect(statusAtCreation({ needsApproval: true })).toBe('awaiting_approval');
  });
});

describe('a request awaiting approval', () => {
  const startsAt = new Date('2027-04-14T08:00:00Z');
  const waiting = { status: 'awaiting_approval' as const, startsAt, confirmedAt: null };
  const before = new Date(startsAt.getTime() - 3_600_000);

  it('searches once approved, from now', () => {
    expect(decideRequestTransition(waiting, { action: 'approve' }, before)).toMatchObject({
      ok: true,
      status: 'searching',
      event: 'approved',
      nextCheckAt: before,
    });
  });

  it('is cancelled when rejected, and never late', () => {
    expect(decideRequestTransition(waiting, { action: 'reject' }, before)).toMatchObject({
      ok: true,
      status: 'cancelled',
      event: 'rejected',
      lateCancellation: false,
    });
  });

  it('expires when its start passes', () => {
    expect(decideRequestTransition(waiting, { action: 'expire' }, startsAt)).toMatchObject({
      ok: true,
      status: 'expired',
    });
  });

  it('cannot be offered, assigned or approved twice', () => {
    for (const action of ['accept', 'assign', 'markUnfilled'] as const) {
      expect(decideRequestTransition(waiting, { action }, before)).toMatchObject({ ok: false });
    }
    const searching = { ...waiting, status: 'searching' as const };
    expect(decideRequestTransition(searching, { action: 'approve' }, before)).toMatchObject({ ok: false });
    expect(decideRequestTransition(searching, { action: 'reject' }, before)).toMatchObject({ ok: false });
  });
});

describe('the remote fallback (issue 16)', () => {
  const startsAt = new Date('2027-04-14T08:00:00Z');
  const now = new Date('2027-04-14T07:00:00Z');
  const inPerson = {
    status: 'searching' as const,
    startsAt,
    confirmedAt: null,
    mode: 'in_person' as const,
    remoteFallback: 'video' as const,
  };

  it('turns an in-person search that would end unfilled into a search in the accepted remote mode', () => {
    expect(decideRequestTransition(inPerson, { action: 'markUnfilled' }, now)).toEqual({
      ok: true,
      status: 'searching',
      event: 'remote_fallback',
      lateCancellation: false,
      nextCheckAt: now,
      switchToMode: 'video',
    });
  });

  it.each([
    { case: 'no fallback accepted', request: { ...inPerson, remoteFallback: null } },
    { case: 'already remote (it switched once)', request: { ...inPerson, mode: 'video' as const } },
    {
      case: 'a request that never said its mode',
      request: { status: 'searching' as const, startsAt, confirmedAt: null },
    },
  ])('ends unfilled as before when there is $case', ({ request }) => {
    const decision = decideRequestTransition(request, { action: 'markUnfilled' }, now);
    expect(decision).toMatchObject({ ok: true, status: 'unfilled', event: 'unfilled' });
    expect(decision).not.toHaveProperty('switchToMode');
  });

  it('never switches once the start has passed, nor for any other action', () => {
    const late = decideRequestTransition(inPerson, { action: 'markUnfilled' }, startsAt);
    expect(late).toMatchObject({ ok: true, status: 'unfilled' });
    for (const action of ['accept', 'assign', 'cancel', 'expire'] as const) {
      const decision = decideRequestTransition(inPerson, { action }, now);
      expect(decision, action).not.toHaveProperty('switchToMode');
    }
  });
});
