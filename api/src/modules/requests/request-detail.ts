import type { RequestDetail } from '@ponte/shared';
import type { Executor } from '../../db/client.js';
import { notFound } from '../../lib/errors.js';
import type { Caller } from '../../plugins/auth.js';
import { toRequestDetail } from './request-mapper.js';
import { requestsRepository } from './requests.repository.js';

/**
 * A request as the caller sees it, read with whatever executor the caller holds — the dispatch module
 * describes the request it just changed within the same transaction. Visibility is the caller's check.
 */
export async function describeRequest(executor: Executor, id: string, caller: Caller): Promise<RequestDetail> {
  const named = await requestsRepository.findDetail(executor, id);
  if (!named) throw notFound('Request');
  return toRequestDetail(named, named.timeline, named.pendingOffers, caller.role);
}
