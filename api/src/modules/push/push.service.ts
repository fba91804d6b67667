import type { PushSubscriptionBody } from '@ponte/shared';
import type { AppContext } from '../../context.js';
import { isAllowedPushEndpoint } from '../../domain/push-endpoint.js';
import { fieldError, notFound } from '../../lib/errors.js';
import type { Caller } from '../../plugins/auth.js';
import { pushRepository } from './push.repository.js';

/** Subscriptions of a person's devices; what is sent to them lives in realtime/push/. */
export function createPushService(context: AppContext, publicKey: string) {
  const { db, config } = context;
  return {
    publicKey: () => ({ publicKey }),

    async subscribe(caller: Caller, body: PushSubscriptionBody) {
      if (!isAllowedPushEndpoint(body.endpoint, config.pushEndpointHosts)) {
        throw fieldError('endpoint', 'is not on a push service this server sends to (PUSH_ENDPOINT_HOSTS)');
      }
      return pushRepository.upsert(db, {
        userId: caller.sub,
        endpoint: body.endpoint,
        p256dh: body.keys.p256dh,
        auth: body.keys.auth,
      });
    },

    async unsubscribe(caller: Caller, id: string): Promise<void> {
      if (!(await pushRepository.deleteOwn(db, id, caller.sub))) throw notFound('Subscription');
    },
  };
}

export type PushService = ReturnType<typeof createPushService>;
