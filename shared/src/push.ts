import { z } from 'zod';

const Base64url = z.string().regex(/^[A-Za-z0-9_-]+=*$/, 'must be base64url');

/** What `GET /api/push/public-key` answers: the VAPID public key, the browser's `applicationServerKey`. */
export const PushPublicKey = z.object({ publicKey: z.string().describe('VAPID public key, base64url') });
export type PushPublicKey = z.infer<typeof PushPublicKey>;

/** A browser's `PushSubscription.toJSON()`; extra fields it carries (`expirationTime`) are ignored. */
export const PushSubscriptionBody = z.object({
  endpoint: z.url({ protocol: /^https$/, error: 'must be an https URL of a push service' }).max(2000),
  keys: z.object({
    p256dh: Base64url.min(80).max(100).describe('the browser’s P-256 public key (65 bytes)'),
    auth: Base64url.min(16).max(32).describe('the browser’s authentication secret (16 bytes)'),
  }),
  expirationTime: z.number().nullable().optional(),
});
export type PushSubscriptionBody = z.infer<typeof PushSubscriptionBody>;

export const PushSubscriptionCreated = z.object({ id: z.uuid() });
export type PushSubscriptionCreated = z.infer<typeof PushSubscriptionCreated>;

export const pushTypes = [
  'offer',
  'offer_withdrawn',
  'assignment_cancelled',
  'reminder',
  'request_assigned',
  'request_unfilled',
  'needs_confirmation',
] as const;
export type PushType = (typeof pushTypes)[number];

/**
 * The JSON a push carries to the service worker (API.md, "Phones"): what to show and where a tap leads.
 * Never notes, contact, address or subject data — a lock screen is not private.
 */
export const PushPayload = z.object({
  type: z.enum(pushTypes),
  title: z.string(),
  body: z.string(),
  /** A path of the SPA, e.g. `/offers/…`. */
  url: z.string().startsWith('/'),
  requestId: z.uuid().optional(),
  offerId: z.uuid().optional(),
});
export type PushPayload = z.infer<typeof PushPayload>;
