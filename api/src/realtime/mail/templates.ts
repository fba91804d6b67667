import {
  formatDuration,
  modeLabel,
  remoteFallbackLabel,
  serviceTypeLabel,
  type Locale,
  type Mode,
  type RemoteMode,
  type ServiceType,
} from '@ponte/shared';
import { formatShortDateTime, formatTimeSpan, languageLabel } from './labels.js';

/**
 * The emails, in Italian and English, as pure functions of the data read at send time.
 *
 * Privacy (DESIGN.md): what a template receives is all it can show. The offer to a mediator gets the
 * facts a mediator sees before accepting — never notes, contact, subject data or the address — and
 * no email carries a case reference.
 */

export interface RequestFacts {
  requestId: string;
  serviceType: ServiceType;
  language: { nameIt: string; nameEn: string };
  dialect: string | null;
  mode: Mode;
  municipality: string;
  startsAt: Date;
  durationMinutes: number;
}

interface Recipient {
  locale: Locale;
  name: string;
}

export type MailInput = Recipient &
  (
    | { kind: 'offer'; offerId: string; expiresAt: Date; request: RequestFacts }
    | {
        kind: 'assigned';
        request: RequestFacts & { address: string | null };
        mediator: { fullName: string; phone: string };
      }
    | { kind: 'cancelled'; request: RequestFacts; late: boolean }
    | { kind: 'unfilled'; request: RequestFacts; organizationName: string }
    | { kind: 'remote_fallback'; request: RequestFacts; mode: RemoteMode }
  );

export interface RenderedMail {
  subject: string;
  text: string;
  html: string;
}

/** A mail as blocks, so the plain-text and the HTML versions always say the same thing. */
interface MailContent {
  subject: string;
  heading: string;
  greeting: string;
  paragraphs: string[];
  facts: [label: string, value: string][];
  action: { label: string; url: string };
  notes: string[];
}

const words = {
  it: {
    greeting: (name: string) => `Buongiorno ${name},`,
    service: 'Servizio',
    language: 'Lingua',
    municipality: 'Comune',
    when: 'Data e ora',
    duration: 'Durata',
    mode: 'Modalità',
    place: 'Luogo',
    mediator: 'Mediatore/mediatrice',
    phone: 'Telefono',
    organization: 'Richiedente',
    automatic: 'Questa è un’email automatica di Ponte: per favore non rispondere a questo messaggio.',
  },
  en: {
    greeting: (name: string) => `Hello ${name},`,
    service: 'Service',
    language: 'Language',
    municipality: 'Municipality',
    when: 'Date and time',
    duration: 'Duration',
    mode: 'Mode',
    place: 'Place',
    mediator: 'Mediator',
    phone: 'Phone',
    organization: 'Requested by',
    automatic: 'This is an automatic email from Ponte; please do not reply to it.',
  },
} as const;

/** "Arabo, Vimercate, mar 9 mar 10:00": what the request is, at a glance, for subject lines. */
const headline = (request: RequestFacts, locale: Locale) =>
  `${languageLabel(request.language, locale)}, ${request.municipality}, ${formatShortDateTime(request.startsAt, locale)}`;

function place(request: RequestFacts & { address: string | null }, locale: Locale): string {
  if (request.mode !== 'in_person') return modeLabel(request.mode, locale);
  if (!request.address) return request.municipality;
  return request.address.toLowerCase().includes(request.municipality.toLowerCase())
    ? request.address
    : `${request.address}, ${request.municipality}`;
}

function compose(input: MailInput, publicUrl: string): MailContent {
  const { locale } = input;
  const w = words[locale];
  const it = locale === 'it';
  const request = input.request;
  const facts = {
    service: [w.service, serviceTypeLabel(request.serviceType, locale)] as [string, string],
    language: [w.language, languageLabel(request.language, locale, request.dialect)] as [string, string],
    municipality: [w.municipality, request.municipality] as [string, string],
    when: [w.when, formatTimeSpan(request.startsAt, request.durationMinutes, locale)] as [string, string],
    duration: [w.duration, formatDuration(request.durationMinutes, locale)] as [string, string],
    mode: [w.mode, modeLabel(request.mode, locale)] as [string, string],
  };
  const requestUrl = `${publicUrl}/requests/${request.requestId}`;

  switch (input.kind) {
    case 'offer':
      return {
        subject: `${it ? 'Nuova richiesta di mediazione' : 'New mediation request'}: ${headline(request, locale)}`,
        heading: it ? 'Nuova richiesta di mediazione' : 'New mediation request',
        greeting: w.greeting(input.name),
        paragraphs: [
          it
            ? 'Ponte ti propone questa mediazione. Se puoi farla, apri l’offerta e accettala prima che scada.'
            : 'Ponte is offering you this mediation. If you can take it, open the offer and accept it before it expires.',
        ],
        facts: [
          facts.service,
          facts.language,
          facts.municipality,
          facts.when,
          facts.duration,
          facts.mode,
          [it ? 'L’offerta scade' : 'The offer expires', formatShortDateTime(input.expiresAt, locale)],
        ],
        action: { label: it ? 'Apri l’offerta' : 'Open the offer', url: `${publicUrl}/offers/${input.offerId}` },
        notes: [
          it
            ? 'Note, contatti e dettagli del caso compaiono nell’app dopo che hai accettato.'
            : 'Notes, contact details and case details appear in the app once you have accepted.',
          w.automatic,
        ],
      };
    case 'assigned':
      return {
        subject: `${it ? 'Mediazione assegnata' : 'Mediator assigned'}: ${headline(request, locale)}`,
        heading: it ? 'Mediazione assegnata' : 'Mediator assigned',
        greeting: w.greeting(input.name),
        paragraphs: [
          it
            ? `${input.mediator.fullName} farà la mediazione che hai richiesto.`
            : `${input.mediator.fullName} will be the mediator for your request.`,
        ],
        facts: [
          [w.mediator, input.mediator.fullName],
          [w.phone, input.mediator.phone],
          facts.service,
          facts.language,
          facts.when,
          facts.duration,
          facts.mode,
          [w.place, place(input.request, locale)],
        ],
        action: { label: it ? 'Apri la richiesta' : 'Open the request', url: requestUrl },
        notes: [w.automatic],
      };
    case 'cancelled':
      return {
        subject: `${input.late ? (it ? 'Cancellazione tardiva' : 'Late cancellation') : it ? 'Mediazione annullata' : 'Mediation cancelled'}: ${headline(request, locale)}`,
        heading: input.late
          ? it
            ? 'Cancellazione tardiva'
            : 'Late cancellation'
          : it
            ? 'Mediazione annullata'
            : 'Mediation cancelled',
        greeting: w.greeting(input.name),
        paragraphs: [
          it
            ? 'La mediazione che ti era stata assegnata è stata annullata.'
            : 'The mediation assigned to you has been cancelled.',
          ...(input.late
            ? [
                it
                  ? 'Cancellazione tardiva: è stata annullata meno di 24 ore prima dell’inizio, ed è registrata come tale.'
                  : 'Late cancellation: it was cancelled less than 24 hours before the start, and is recorded as such.',
              ]
            : []),
          it ? 'Quell’orario è di nuovo libero nella tua agenda.' : 'That time is free again in your agenda.',
        ],
        facts: [facts.when, facts.municipality, facts.language, facts.service],
        action: {
          label: it ? 'Apri l’agenda' : 'Open your agenda',
          url: `${publicUrl}/assignments/${request.requestId}`,
        },
        notes: [w.automatic],
      };
    case 'unfilled':
      return {
        subject: `${it ? 'Richiesta scoperta' : 'Unfilled request'}: ${headline(request, locale)}`,
        heading: it ? 'Richiesta scoperta' : 'Unfilled request',
        greeting: w.greeting(input.name),
        paragraphs: [
          it
            ? 'Nessun mediatore ha accettato questa richiesta: serve un’assegnazione manuale.'
            : 'No mediator has taken this request: it needs to be assigned by hand.',
        ],
        facts: [
          facts.language,
          facts.municipality,
          facts.when,
          facts.service,
          facts.mode,
          [w.organization, input.organizationName],
        ],
        action: { label: it ? 'Apri la richiesta' : 'Open the request', url: requestUrl },
        notes: [w.automatic],
      };
    case 'remote_fallback':
      return {
        subject: `${it ? 'La richiesta prosegue a distanza' : 'Your request goes on remotely'}: ${headline(request, locale)}`,
        heading: modeLabel(input.mode, locale),
        greeting: w.greeting(input.name),
        paragraphs: [remoteFallbackLabel(input.mode, locale)],
        facts: [facts.mode, facts.service, facts.language, facts.when, facts.duration],
        action: { label: it ? 'Apri la richiesta' : 'Open the request', url: requestUrl },
        notes: [w.automatic],
      };
  }
}

function toText(content: MailContent): string {
  const width = Math.max(...content.facts.map(([label]) => label.length)) + 2;
  return [
    content.greeting,
    '',
    ...content.paragraphs.flatMap((paragraph) => [paragraph, '']),
    ...content.facts.map(([label, value]) => `${`${label}:`.padEnd(width)}${value}`),
    '',
    `${content.action.label}: ${content.action.url}`,
    '',
    '-- ',
    ...content.notes,
    '',
  ].join('\n');
}

const escapeHtml = (value: string) =>
  value
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&#39;');

function toHtml(content: MailContent, locale: Locale): string {
  const rows = content.facts
    .map(
      ([label, value]) =>
        `<tr><th style="text-align:left;vertical-align:top;padding:4px 16px 4px 0;font-weight:600">${escapeHtml(label)}</th><td style="padding:4px 0">${escapeHtml(value)}</td></tr>`,
    )
    .join('\n');
  return `<!doctype html>
<html lang="${locale}">
<head><meta charset="utf-8"><title>${escapeHtml(content.subject)}</title></head>
<body style="margin:0;padding:24px;font-family:Arial,Helvetica,sans-serif;font-size:15px;line-height:1.5;color:#1b1b1b">
<h1 style="font-size:20px;margin:0 0 16px">${escapeHtml(content.heading)}</h1>
<p>${escapeHtml(content.greeting)}</p>
${content.paragraphs.map((paragraph) => `<p>${escapeHtml(paragraph)}</p>`).join('\n')}
<table role="presentation" style="border-collapse:collapse;margin:16px 0">
${rows}
</table>
<p><a href="${escapeHtml(content.action.url)}" style="display:inline-block;padding:10px 18px;background:#1d4ed8;color:#ffffff;text-decoration:none;border-radius:4px">${escapeHtml(content.action.label)}</a></p>
<p style="font-size:13px;color:#555555">${escapeHtml(content.action.url)}</p>
${content.notes.map((note) => `<p style="font-size:13px;color:#555555">${escapeHtml(note)}</p>`).join('\n')}
</body>
</html>
`;
}

export function renderMail(input: MailInput, publicUrl: string): RenderedMail {
  const content = compose(input, publicUrl);
  return { subject: content.subject, text: toText(content), html: toHtml(content, input.locale) };
}
