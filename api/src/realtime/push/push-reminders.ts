import { sql } from 'drizzle-orm';
import type { Executor } from '../../db/client.js';
import { rowsOf } from '../../db/client.js';

/**
 * The windows in which each reminder is due: the reminder `minutes` before the start is due from then
 * until the next, shorter reminder's time (or the start). A sweep that was down when a reminder fell
 * due still sends it late, but never a 24-hour reminder once the 2-hour one is due.
 */
export function reminderWindows(reminderMinutes: readonly number[]): { minutes: number; untilMinutes: number }[] {
  const sorted = [...new Set(reminderMinutes)].sort((a, b) => b - a);
  return sorted.map((minutes, index) => ({ minutes, untilMinutes: sorted[index + 1] ?? 0 }));
}

/**
 * Due work of the sweep: writes a reminder push for every device of the mediator of each assignment
 * whose reminder time has come. Only for assignments booked before their reminder time (one booked an
 * hour before the start gets no 24-hour reminder). The unique index outbox_reminder_once makes it once
 * per assignment, device and lead time however many instances sweep at once (ON CONFLICT DO NOTHING).
 * Returns how many were written.
 */
export async function enqueueDueReminders(
  db: Executor,
  now: Date,
  reminderMinutes: readonly number[],
): Promise<number> {
  let written = 0;
  for (const window of reminderWindows(reminderMinutes)) {
    const result = await db.execute(sql`
      INSERT INTO outbox (channel, kind, recipient_user_id, push_subscription_id, request_id, data)
      SELECT 'push', 'reminder', u.id, s.id, r.id,
        jsonb_build_object('reminder', ${window.minutes}::int, 'mediatorId', r.assigned_mediator_id)
      FROM requests r
        JOIN assignments a ON a.request_id = r.id AND a.status = 'active' AND a.mediator_id = r.assigned_mediator_id
        JOIN users u ON u.mediator_id = r.assigned_mediator_id AND u.role = 'mediator' AND u.active
        JOIN push_subscriptions s ON s.user_id = u.id
      WHERE r.status = 'assigned'
        AND r.starts_at - make_interval(mins => ${window.minutes}::int) <= ${now.toISOString()}::timestamptz
        AND r.starts_at - make_interval(mins => ${window.untilMinutes}::int) > ${now.toISOString()}::timestamptz
        AND a.created_at <= r.starts_at - make_interval(mins => ${window.minutes}::int)
      ON CONFLICT DO NOTHING
      RETURNING id
    `);
    written += rowsOf<{ id: number }>(result).length;
  }
  return written;
}
