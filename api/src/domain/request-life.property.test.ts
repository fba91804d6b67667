import { requestStatuses, type RequestStatus } from '@ponte/shared';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  decideRequestTransition,
  isTerminalStatus,
  requestActions,
  type RequestCommand,
  type RequestLifeState,
} from './request-state.js';

/** DESIGN.md, "Request life", drawn as its picture draws it: the edges between statuses, nothing else. */
const designEdges = new Set([
  'searching→assigned', // accept / manual assign
  'assigned→completed',
  'completed→completed', // confirm: a flag, the status stays
  'assigned→searching', // mediator withdraws, re-dispatched
  'searching→unfilled', // no one left / deadline
  'unfilled→assigned',
  'searching→expired',
  'unfilled→expired',
  'searching→cancelled',
  'unfilled→cancelled',
  'assigned→cancelled',
  // Funding lines: an over-budget request under an `approve` line waits for a coordinator.
  'awaiting_approval→searching', // approved
  'awaiting_approval→cancelled', // rejected, or cancelled by the requester
  'awaiting_approval→expired', // its start passed before anyone decided
]);

const MINUTE_MS = 60_000;
const startsAt = new Date('2027-04-14T08:00:00Z');

/** Any action, with the details it carries; minutes reported stay within what could have happened when sent after the start. */
const command: fc.Arbitrary<RequestCommand> = fc.oneof(
  fc
    .constantFrom(...requestActions.filter((action) => action !== 'complete' && action !== 'confirm'))
    .map((action) => ({ action }) as RequestCommand),
  fc.integer({ min: 1, max: 600 }).map((actualMinutes) => ({ action: 'complete' as const, actualMinutes })),
  fc.boolean().map((confirmed) => ({ action: 'confirm' as const, confirmed })),
);
/** A step: an action and the clock, from three days before the start to a day after. */
const step = fc.record({ command, offsetMinutes: fc.integer({ min: -3 * 24 * 60, max: 24 * 60 }) });
const steps = fc.array(step, { maxLength: 40 });
/** A new request searches, or waits for approval when it goes over an `approve` funding line. */
const creation = fc.constantFrom<RequestStatus>('searching', 'awaiting_approval');
const lives = fc.record({ initial: creation, sequence: steps });

interface Walk {
  visited: {
    from: RequestStatus;
    to: RequestStatus;
    command: RequestCommand;
    now: Date;
    late: boolean;
    nextCheckAt: Date | null;
  }[];
  final: RequestLifeState;
}

/** Plays the steps from a new request, applying only what the machine allows, as the services do. */
function walk({
  initial,
  sequence,
}: {
  initial: RequestStatus;
  sequence: { command: RequestCommand; offsetMinutes: number }[];
}): Walk {
  let state: RequestLifeState = { status: initial, startsAt, confirmedAt: null };
  const visited: Walk['visited'] = [];
  for (const { command: next, offsetMinutes } of sequence) {
    const now = new Date(startsAt.getTime() + offsetMinutes * MINUTE_MS);
    const decision = decideRequestTransition(state, next, now);
    if (!decision.ok) continue;
    visited.push({
      from: state.status,
      to: decision.status,
      command: next,
      now,
      late: decision.lateCancellation,
      nextCheckAt: decision.nextCheckAt,
    });
    state = {
      ...state,
      status: decision.status,
      confirmedAt: next.action === 'confirm' ? now : state.confirmedAt,
    };
  }
  return { visited, final: state };
}

describe('the life of a request', () => {
  it('never reaches a status DESIGN.md does not declare', () => {
    fc.assert(
      fc.property(lives, (sequence) => {
        for (const { to } of walk(sequence).visited) expect(requestStatuses).toContain(to);
      }),
    );
  });

  it('moves only along the edges of DESIGN.md', () => {
    fc.assert(
      fc.property(lives, (sequence) => {
        for (const { from, to } of walk(sequence).visited) expect(designEdges).toContain(`${from}→${to}`);
      }),
    );
  });

  it('has every edge of DESIGN.md: random lives walk each of them', () => {
    const seen = new Set<string>();
    fc.assert(
      fc.property(lives, (sequence) => {
        for (const { from, to } of walk(sequence).visited) seen.add(`${from}→${to}`);
      }),
      { numRuns: 2000, seed: 14 },
    );
    expect([...seen].sort()).toEqual([...designEdges].sort());
  });

  it('never changes a finished request', () => {
    fc.assert(
      fc.property(lives, step, (sequence, last) => {
        const { final } = walk(sequence);
        fc.pre(isTerminalStatus(final.status));
        const decision = decideRequestTransition(
          final,
          last.command,
          new Date(startsAt.getTime() + last.offsetMinutes * MINUTE_MS),
        );
        if (decision.ok) expect(decision.status).toBe(final.status);
      }),
    );
  });

  it('takes one confirmation or dispute, never a second', () => {
    fc.assert(
      fc.property(lives, (sequence) => {
        const confirmations = walk(sequence).visited.filter(({ command: done }) => done.action === 'confirm');
        expect(confirmations.length).toBeLessThanOrEqual(1);
      }),
    );
  });

  it('marks late exactly the cancellations of an assigned request less than 24 h before its start', () => {
    fc.assert(
      fc.property(lives, (sequence) => {
        for (const { from, command: done, now, late } of walk(sequence).visited) {
          const dayBefore = startsAt.getTime() - now.getTime() < 24 * 60 * MINUTE_MS;
          expect(late).toBe(done.action === 'cancel' && from === 'assigned' && dayBefore);
        }
      }),
    );
  });

  it('never completes before the start, nor with more minutes than have passed beyond a tolerance', () => {
    fc.assert(
      fc.property(lives, (sequence) => {
        for (const { command: done, now } of walk(sequence).visited) {
          if (done.action !== 'complete') continue;
          const elapsedMinutes = (now.getTime() - startsAt.getTime()) / MINUTE_MS;
          expect(elapsedMinutes).toBeGreaterThanOrEqual(0);
          expect(done.actualMinutes).toBeLessThanOrEqual(elapsedMinutes + 15);
        }
      }),
    );
  });

  it('names actualMinutes when it refuses more minutes than can have passed', () => {
    const decision = decideRequestTransition(
      { status: 'assigned', startsAt, confirmedAt: null },
      { action: 'complete', actualMinutes: 75 },
      new Date(startsAt.getTime() + 30_000),
    );
    expect(decision).toMatchObject({ ok: false, code: 'INVALID_FIELD', field: 'actualMinutes' });
  });

  it('says when the sweep looks next: at once after a withdrawal, at the start once unfilled, else never', () => {
    fc.assert(
      fc.property(lives, (sequence) => {
        for (const { to, now, nextCheckAt } of walk(sequence).visited) {
          const expected = to === 'searching' ? now : to === 'unfilled' || to === 'awaiting_approval' ? startsAt : null;
          expect(nextCheckAt).toEqual(expected);
        }
      }),
    );
  });
});

describe('the life of an in-person request that accepts a remote fallback (issue 16)', () => {
  /** Plays the steps as the dispatcher does: a `switchToMode` answer changes the mode and the search goes on. */
  function walkWithFallback(
    sequence: { command: RequestCommand; offsetMinutes: number }[],
    fallback: 'phone' | 'video',
  ) {
    let state: RequestLifeState = {
      status: 'searching',
      startsAt,
      confirmedAt: null,
      mode: 'in_person',
      remoteFallback: fallback,
    };
    const events: { event: string; from: RequestStatus; to: RequestStatus; now: Date }[] = [];
    for (const { command: next, offsetMinutes } of sequence) {
      const now = new Date(startsAt.getTime() + offsetMinutes * MINUTE_MS);
      const decision = decideRequestTransition(state, next, now);
      if (!decision.ok) continue;
      events.push({ event: decision.event, from: state.status, to: decision.status, now });
      state = {
        ...state,
        status: decision.status,
        mode: decision.switchToMode ?? state.mode,
        confirmedAt: next.action === 'confirm' ? now : state.confirmedAt,
      };
    }
    return { events, final: state };
  }

  it('switches at most once, only from searching and before the start, and otherwise moves along DESIGN.md', () => {
    fc.assert(
      fc.property(steps, fc.constantFrom('phone' as const, 'video' as const), (sequence, fallback) => {
        const { events, final } = walkWithFallback(sequence, fallback);
        const switches = events.filter(({ event }) => event === 'remote_fallback');
        expect(switches.length).toBeLessThanOrEqual(1);
        for (const { from, to, now } of switches) {
          expect([from, to]).toEqual(['searching', 'searching']);
          expect(now.getTime()).toBeLessThan(startsAt.getTime());
        }
        for (const { event, from, to } of events)
          if (event !== 'remote_fallback') expect(designEdges).toContain(`${from}→${to}`);
        // Unfilled only once the remote search ended too, or when the start had passed.
        for (const { event, now } of events)
          if (event === 'unfilled' && now < startsAt) expect(switches.length).toBe(1);
        expect(final.mode).toBe(switches.length === 1 ? fallback : 'in_person');
      }),
    );
  });
});
