import nodemailer from 'nodemailer';
import type { AppContext } from '../context.js';
import { renderMail, type MailInput, type RequestFacts } from './mail/templates.js';
import { outboxRepository, type MailFacts, type OutboxRow } from './outbox.js';

const BATCH_SIZE = 20;
const LEASE_MS = 60_000;
/**
 * A send that outlived its lease could be repeated by another relay. So no send starts with less of
 * the lease left than LEASE_MARGIN_MS, and every send is abandoned after SEND_TIMEOUT_MS (shorter).
 */
const LEASE_MARGIN_MS = 20_000;
const SEND_TIMEOUT_MS = 15_000;
const FIRST_RETRY_MS = 30_000;
const MAX_RETRY_MS = 3_600_000;
/** With the back-off capped at an hour, about half a day of trying; after that the email is stale anyway. */
const MAX_ATTEMPTS = 20;

/** Errors that say the server (not this one message) is unreachable or refuses us: the rest of the batch would fail the same way. */
const TRANSPORT_ERROR_CODES = new Set([
  'ECONNECTION',
  'ETIMEDOUT',
  'ESOCKET',
  'EDNS',
  'ETLS',
  'EAUTH',
  'EPROTOCOL',
  'ECONNREFUSED',
  'EABORT',
]);

export const retryDelayMs = (attempts: number) =>
  Math.min(FIRST_RETRY_MS * 2 ** Math.max(attempts - 1, 0), MAX_RETRY_MS);

/** What an error may leave in the outbox and the log: its code and message, without email addresses. */
function describeError(error: unknown): { code: string; message: string } {
  const code = (error as { code?: unknown } | null)?.code;
  const message = error instanceof Error ? error.message : String(error);
  return {
    code: typeof code === 'string' ? code : 'ERROR',
    message: message.replaceAll(/[^\s<>"'@]+@[^\s<>"'@]+/g, '<address>').slice(0, 500),
  };
}

type Composed = { mail: MailInput; to: { name: string; address: string } } | { discard: string };

/** Decides, from the data as it is now, whether the email is still worth sending, and what it says. */
function compose(row: OutboxRow, facts: MailFacts | undefined, now: Date): Composed {
  if (!facts) return { discard: 'recipient or request no longer exists' };
  if (!facts.recipient.active) return { discard: 'recipient account is inactive' };
  const { request } = facts;
  const requestFacts: RequestFacts = {
    requestId: request.id,
    serviceType: request.serviceType,
    language: facts.language,
    dialect: request.dialect,
    mode: request.mode,
    municipality: request.municipality,
    startsAt: request.startsAt,
    durationMinutes: request.durationMinutes,
  };
  const recipient = { locale: facts.recipient.locale, name: facts.recipient.name };
  const to = { name: facts.recipient.name, address: facts.recipient.email };

  switch (row.kind) {
    case 'offer':
      if (!row.offerId || facts.offer?.status !== 'pending' || facts.offer.expiresAt <= now)
        return { discard: 'offer no longer open' };
      return {
        to,
        mail: {
          ...recipient,
          kind: 'offer',
          offerId: row.offerId,
          expiresAt: facts.offer.expiresAt,
          request: requestFacts,
        },
      };
    case 'assigned':
      if (
        request.status !== 'assigned' ||
        !facts.assignedMediator ||
        request.assignedMediatorId !== row.data.mediatorId
      ) {
        return { discard: 'request no longer assigned to that mediator' };
      }
      return {
        to,
        mail: {
          ...recipient,
          kind: 'assigned',
          request: { ...requestFacts, address: request.address },
          mediator: facts.assignedMediator,
        },
      };
    case 'cancelled':
      return {
        to,
        mail: {
          ...recipient,
          kind: 'cancelled',
          request: requestFacts,
          late: typeof row.data.late === 'boolean' ? row.data.late : request.lateCancellation,
        },
      };
    case 'unfilled':
      if (request.status !== 'unfilled') return { discard: 'request no longer unfilled' };
      return {
        to,
        mail: { ...recipient, kind: 'unfilled', request: requestFacts, organizationName: facts.organizationName },
      };
    case 'remote_fallback':
      // Still worth saying while the request is open in the remote mode; not once cancelled or past.
      if (request.mode === 'in_person' || !['searching', 'unfilled', 'assigned'].includes(request.status))
        return { discard: 'request no longer going on remotely' };
      return { to, mail: { ...recipient, kind: 'remote_fallback', request: requestFacts, mode: request.mode } };
    default:
      // A push row (its own relay, realtime/push/): never claimed here, see claimDue's channel.
      return { discard: 'not an email' };
  }
}

/**
 * Sends the outbox's due emails over SMTP (off without SMTP_URL). Delivery is at least once: a relay
 * that crashes after sending and before marking the row lets the lease run out and the email go again,
 * with the same Message-ID (`<outbox-ID@ponte>`) so the duplicate is recognisable. A failed send waits
 * with exponential back-off; a failure is logged as a warning and never thrown.
 */
export function createMailRelay(context: AppContext) {
  const { db, clock, config, log } = context;
  const transporter = config.smtpUrl
    ? nodemailer.createTransport(
        { url: config.smtpUrl, connectionTimeout: 10_000, greetingTimeout: 10_000, socketTimeout: 20_000 },
        { from: config.mailFrom },
      )
    : undefined;

  async function fail(row: OutboxRow, error: { code: string; message: string }) {
    const now = clock.now();
    const text = `${error.code}: ${error.message}`;
    if (row.attempts >= MAX_ATTEMPTS) {
      await outboxRepository.discard(db, row.id, now, `gave up after ${row.attempts} attempts; last error ${text}`);
      log.warn(
        { outboxId: row.id, kind: row.kind, attempts: row.attempts, code: error.code },
        'email not sent; giving up',
      );
      return;
    }
    const nextAttemptAt = new Date(now.getTime() + retryDelayMs(row.attempts));
    await outboxRepository.markFailed(db, row.id, nextAttemptAt, text);
    log.warn(
      {
        outboxId: row.id,
        kind: row.kind,
        attempts: row.attempts,
        code: error.code,
        error: error.message,
        nextAttemptAt,
      },
      'email not sent; will retry',
    );
  }

  /** Sends one claimed row; says whether the rest of the batch can still be tried. */
  async function deliver(row: OutboxRow): Promise<{ sent: boolean; transportDown: boolean }> {
    if (!transporter) return { sent: false, transportDown: true };
    const composed = compose(row, await outboxRepository.findMailFacts(db, row), clock.now());
    if ('discard' in composed) {
      await outboxRepository.discard(db, row.id, clock.now(), composed.discard);
      return { sent: false, transportDown: false };
    }
    try {
      const rendered = renderMail(composed.mail, config.publicUrl);
      await transporter.sendMail({
        to: composed.to,
        subject: rendered.subject,
        text: rendered.text,
        html: rendered.html,
        messageId: `<outbox-${row.id}@ponte>`,
        date: clock.now(),
        signal: AbortSignal.timeout(SEND_TIMEOUT_MS),
        headers: { 'Auto-Submitted': 'auto-generated', 'X-Auto-Response-Suppress': 'All' },
      });
    } catch (error) {
      const described = describeError(error);
      await fail(row, described);
      return { sent: false, transportDown: TRANSPORT_ERROR_CODES.has(described.code) };
    }
    await outboxRepository.markSent(db, row.id, clock.now());
    return { sent: true, transportDown: false };
  }

  return {
    /** Claims the due rows (20 at most) and sends them; returns how many were sent. Never throws. */
    async deliverDue(): Promise<number> {
      if (!transporter) return 0;
      let sent = 0;
      try {
        const now = clock.now();
        const claimed = await outboxRepository.claimDue(db, now, new Date(now.getTime() + LEASE_MS), BATCH_SIZE);
        for (const [index, row] of claimed.entries()) {
          if (row.claimedUntil && row.claimedUntil.getTime() - clock.now().getTime() < LEASE_MARGIN_MS) {
            await outboxRepository.release(
              db,
              claimed.slice(index).map((item) => item.id),
            );
            break;
          }
          const outcome = await deliver(row);
          if (outcome.sent) sent += 1;
          if (outcome.transportDown) {
            // The server is down: every other row of the batch counts as tried and waits its back-off.
            for (const other of claimed.slice(index + 1))
              await fail(other, { code: 'SKIPPED', message: 'mail server unavailable during this batch' });
            break;
          }
        }
      } catch (error) {
        // The database failed under us: rows claimed and not yet marked wait for their lease to run out.
        log.warn({ ...describeError(error) }, 'email relay stopped early; it will try again at the next tick');
      }
      return sent;
    },

    /** Rows older than 14 days go, sent or not. */
    purgeOld: () => outboxRepository.purgeExpired(db),

    close() {
      transporter?.close();
    },
  };
}

export type MailRelay = ReturnType<typeof createMailRelay>;
