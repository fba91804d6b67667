import { describe, expect, it } from 'vitest';
import {
  assignmentStatuses,
  completionOutcomes,
  exclusionReasons,
  formatDuration,
  genders,
  labels,
  languageLevels,
  locales,
  modes,
  NOBODY_SPEAKS_LANGUAGE,
  offerStatuses,
  organizationKinds,
  qualifications,
  rankingReasons,
  reasonLabel,
  remoteModes,
  requestStatuses,
  roles,
  serviceTypes,
  type LabelCatalogue,
} from '@ponte/shared';
import { renderMail, type RequestFacts } from '../../src/realtime/mail/templates.js';

/** Every group of the catalogue and the codes of the shared enum it words. */
const codesOf: Record<keyof LabelCatalogue, readonly string[]> = {
  serviceType: serviceTypes,
  serviceTypeHint: serviceTypes,
  mode: modes,
  remoteFallback: remoteModes,
  requestStatus: requestStatuses,
  requestStatusHint: requestStatuses,
  offerStatus: offerStatuses,
  assignmentStatus: assignmentStatuses,
  outcome: completionOutcomes,
  gender: genders,
  languageLevel: languageLevels,
  organizationKind: organizationKinds,
  qualification: qualifications,
  role: roles,
  reason: [...exclusionReasons, ...rankingReasons, NOBODY_SPEAKS_LANGUAGE],
};
const groups = Object.keys(codesOf) as (keyof LabelCatalogue)[];
const PLACEHOLDERS: Partial<Record<string, string>> = { fairness: '{minutes}', level: '{level}' };

describe('the label catalogue', () => {
  it.each(locales)('words every code of every shared enum in %s, and nothing else', (locale) => {
    expect(Object.keys(labels[locale]).sort()).toEqual([...groups].sort());
    for (const group of groups) {
      expect(Object.keys(labels[locale][group]).sort(), group).toEqual([...codesOf[group]].sort());
      for (const words of Object.values(labels[locale][group])) expect(words.trim(), group).not.toBe('');
    }
  });

  it.each(locales)('holds %s words vue-i18n shows as written (no syntax but the declared placeholders)', (locale) => {
    for (const group of groups)
      for (const [code, words] of Object.entries(labels[locale][group])) {
        const placeholder = group === 'reason' ? PLACEHOLDERS[code] : undefined;
        const rest = placeholder ? words.replace(placeholder, '') : words;
        expect(rest, `${group}.${code}`).not.toMatch(/[{}@|]/);
      }
  });

  it('says a different thing in each language for each service type', () => {
    for (const serviceType of serviceTypes)
      expect(labels.it.serviceType[serviceType]).not.toBe(labels.en.serviceType[serviceType]);
  });

  it('fills the detail of the ranking reasons and leaves unknown codes to the caller', () => {
    expect(reasonLabel('fairness:120', 'it')).toBe('Equità: 120 minuti svolti negli ultimi 30 giorni');
    expect(reasonLabel('level:native', 'en')).toBe('Language level: native');
    expect(reasonLabel('level:fluent', 'it')).toBe('Livello nella lingua: fluente');
    expect(reasonLabel('time_off', 'it')).toBe(labels.it.reason.time_off);
    expect(reasonLabel('no_such_reason', 'it')).toBeNull();
    expect(reasonLabel('toString', 'en')).toBeNull();
  });
});

describe('formatDuration', () => {
  it.each([
    [0, '0 min'],
    [45, '45 min'],
    [60, '1 h'],
    [75, '1 h 15 min'],
    [90.4, '1 h 30 min'],
    [1500, '25 h'],
  ])('%s minutes read "%s" in both languages', (minutes, text) => {
    for (const locale of locales) expect(formatDuration(minutes, locale)).toBe(text);
  });

  it('groups thousands of hours as the language writes numbers', () => {
    expect(formatDuration(12_345 * 60 + 5, 'en')).toBe('12,345 h 5 min');
    expect(formatDuration(12_345 * 60 + 5, 'it')).toBe('12.345 h 5 min');
  });
});

describe('e-mails word the codes with the catalogue', () => {
  const facts = (serviceType: RequestFacts['serviceType'], mode: RequestFacts['mode']): RequestFacts => ({
    requestId: '00000000-0000-4000-8000-000000000001',
    serviceType,
    language: { nameIt: 'Arabo', nameEn: 'Arabic' },
    dialect: null,
    mode,
    municipality: 'Vimercate',
    startsAt: new Date('2027-03-09T12:00:00Z'),
    durationMinutes: 75,
  });

  it.each(locales)('in %s: every service type and mode of an offer', (locale) => {
    for (const serviceType of serviceTypes)
      for (const mode of modes) {
        const mail = renderMail(
          {
            kind: 'offer',
            locale,
            name: 'Amina',
            offerId: '00000000-0000-4000-8000-000000000002',
            expiresAt: new Date('2027-03-09T10:00:00Z'),
            request: facts(serviceType, mode),
          },
          'https://ponte.example',
        );
        expect(mail.text).toContain(labels[locale].serviceType[serviceType]);
        expect(mail.text).toContain(labels[locale].mode[mode]);
        expect(mail.text).toContain(formatDuration(75, locale));
        expect(mail.html).toContain(labels[locale].serviceType[serviceType]);
      }
  });
});

describe('the remote fallback e-mail', () => {
  it.each(locales)(
    'tells the requester in %s, in the catalogue’s words, that the request goes on remotely',
    (locale) => {
      for (const mode of remoteModes) {
        const mail = renderMail(
          {
            kind: 'remote_fallback',
            locale,
            name: 'Maestra Rossi',
            mode,
            request: {
              requestId: '00000000-0000-4000-8000-000000000001',
              serviceType: 'school_meeting',
              language: { nameIt: 'Arabo', nameEn: 'Arabic' },
              dialect: null,
              mode,
              municipality: 'Vimercate',
              startsAt: new Date('2027-03-09T09:00:00Z'),
              durationMinutes: 60,
            },
          },
          'https://ponte.example',
        );
        expect(mail.text).toContain(labels[locale].remoteFallback[mode]);
        expect(mail.text).toContain(labels[locale].mode[mode]);
        expect(mail.text).toContain('https://ponte.example/requests/00000000-0000-4000-8000-000000000001');
        expect(mail.subject).toContain('Vimercate');
      }
    },
  );
});
