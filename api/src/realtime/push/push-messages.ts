import {
  formatDuration,
  modeLabel,
  serviceTypeLabel,
  type Locale,
  type Mode,
  type PushPayload,
  type ServiceType,
} from '@ponte/shared';
import type { PushKind } from '../../db/schema/index.js';
import { formatShortDateTime, formatTime, languageLabel } from '../mail/labels.js';

/** What a push may say of a request: what the offers list shows a mediator before they accept, nothing more. */
export interface PushRequestFacts {
  requestId: string;
  serviceType: ServiceType;
  language: { nameIt: string; nameEn: string };
  dialect: string | null;
  mode: Mode;
  municipality: string;
  startsAt: Date;
  durationMinutes: number;
}

export type PushMessageInput =
  | { kind: 'offer'; offerId: string; urgent: boolean; expiresAt: Date }
  | { kind: 'offer_withdrawn'; offerId: string }
  | { kind: 'reminder'; minutesBefore: number }
  | { kind: Exclude<PushKind, 'offer' | 'offer_withdrawn' | 'reminder'> };

/** "Arabo · Vimercate · mar 9 mar 10:00": the request at a glance. */
const headline = (request: PushRequestFacts, locale: Locale) =>
  [
    languageLabel(request.language, locale, request.dialect),
    request.mode === 'in_person' ? request.municipality : modeLabel(request.mode, locale),
    formatShortDateTime(request.startsAt, locale),
  ].join(' · ');

function inAdvance(minutes: number, locale: Locale): string {
  if (minutes % 1440 === 0) {
    const days = minutes / 1440;
    if (locale === 'it') return days === 1 ? 'domani' : `tra ${days} giorni`;
    return days === 1 ? 'tomorrow' : `in ${days} days`;
  }
  return locale === 'it' ? `tra ${formatDuration(minutes, locale)}` : `in ${formatDuration(minutes, locale)}`;
}

/**
 * The notification a push shows: title, body and the page a tap opens (API.md, "Phones"). Only the
 * request's language, place (municipality), time, duration and kind of service: never notes, contact
 * names or numbers, addresses or anything about the people mediated for.
 */
export function composePush(input: PushMessageInput, request: PushRequestFacts, locale: Locale): PushPayload {
  const it = locale === 'it';
  const glance = headline(request, locale);
  const service = `${serviceTypeLabel(request.serviceType, locale)}, ${formatDuration(request.durationMinutes, locale)}`;
  const requestId = request.requestId;
  switch (input.kind) {
    case 'offer':
      return {
        type: 'offer',
        title: `${input.urgent ? (it ? 'Urgente: ' : 'Urgent: ') : ''}${it ? 'nuova richiesta' : 'new request'} · ${languageLabel(request.language, locale, request.dialect)}`,
        body: `${glance}\n${service}. ${it ? 'Rispondi entro le' : 'Answer by'} ${formatTime(input.expiresAt, locale)}.`,
        url: `/offers/${input.offerId}`,
        requestId,
        offerId: input.offerId,
      };
    case 'offer_withdrawn':
      return {
        type: 'offer_withdrawn',
        title: it ? 'Richiesta non più disponibile' : 'Request no longer available',
        body: glance,
        url: `/offers/${input.offerId}`,
        requestId,
        offerId: input.offerId,
      };
    case 'assignment_cancelled':
      return {
        type: 'assignment_cancelled',
        title: it ? 'Incarico annullato' : 'Assignment cancelled',
        body: `${glance}\n${service}`,
        url: `/assignments/${requestId}`,
        requestId,
      };
    case 'reminder':
      return {
        type: 'reminder',
        title: `${it ? 'Promemoria: incarico' : 'Reminder: assignment'} ${inAdvance(input.minutesBefore, locale)}, ${formatTime(request.startsAt, locale)}`,
        body: `${glance}\n${service}`,
        url: `/assignments/${requestId}`,
        requestId,
      };
    case 'request_assigned':
      return {
        type: 'request_assigned',
        title: it ? 'Mediatore trovato' : 'Mediator found',
        body: glance,
        url: `/requests/${requestId}`,
        requestId,
      };
    case 'request_unfilled':
      return {
        type: 'request_unfilled',
        title: it ? 'Nessun mediatore disponibile per ora' : 'No mediator available for now',
        body: `${glance}\n${it ? 'Il coordinamento è stato avvisato.' : 'The coordinators have been told.'}`,
        url: `/requests/${requestId}`,
        requestId,
      };
    case 'needs_confirmation':
      return {
        type: 'needs_confirmation',
        title: it ? 'Conferma il servizio svolto' : 'Please confirm the service',
        body: glance,
        url: `/requests/${requestId}`,
        requestId,
      };
  }
}
