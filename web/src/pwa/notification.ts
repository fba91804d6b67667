import { PushPayload } from '@ponte/shared';

/** What a notification keeps for its click: the page to open. */
/** The worker's message to the open pages when the push service renewed the subscription. */
export const PUSH_SUBSCRIPTION_CHANGED = 'PUSH_SUBSCRIPTION_CHANGED';

export interface NotificationData {
  url: string;
}

export interface ShownNotification {
  title: string;
  options: NotificationOptions & { actions?: { action: string; title: string }[] };
}

const ICON = '/icons/ponte-192.png';

/**
 * The notification a push shows, from its payload (API.md, "Phones"), or null for one that is not
 * Ponte's. An offer and its withdrawal share a tag, so the withdrawal replaces the offer on the phone;
 * an offer has one action, "Vedi", which opens it — never an accept from the lock screen.
 */
export function notificationFor(text: string): ShownNotification | null {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return null;
  }
  const parsed = PushPayload.safeParse(json);
  if (!parsed.success) return null;
  const push = parsed.data;
  const tag = push.offerId ? `offer-${push.offerId}` : `${push.type}-${push.requestId ?? push.url}`;
  const data: NotificationData = { url: push.url };
  return {
    title: push.title,
    options: {
      body: push.body,
      tag,
      data,
      icon: ICON,
      badge: ICON,
      lang: 'it',
      ...(push.type === 'offer' ? { actions: [{ action: 'view', title: 'Vedi' }], requireInteraction: true } : {}),
    },
  };
}

/** Where a click goes: the payload's page of the SPA, or the home page for anything else. */
export function targetUrl(data: NotificationData | undefined): string {
  const url = data?.url;
  return typeof url === 'string' && url.startsWith('/') && !url.startsWith('//') ? url : '/';
}
