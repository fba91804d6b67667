import { mount } from '@vue/test-utils';
import { beforeEach, describe, expect, it } from 'vitest';
import { defineComponent } from 'vue';
import {
  assignmentStatuses,
  completionOutcomes,
  exclusionReasons,
  genders,
  labels as catalogue,
  languageLevels,
  locales,
  modes,
  NOBODY_SPEAKS_LANGUAGE,
  offerStatuses,
  organizationKinds,
  qualifications,
  rankingReasons,
  reasonLabel,
  requestStatuses,
  roles,
  serviceTypes,
} from '@ponte/shared';
import { applyLocale, i18n } from '@/i18n';
import { useLabels, weekdayKey } from './use-labels';

function labels() {
  let result: ReturnType<typeof useLabels> | undefined;
  mount(defineComponent({ setup: () => void (result = useLabels()), render: () => null }), {
    global: { plugins: [i18n] },
  });
  if (!result) throw new Error('not set up');
  return result;
}

describe('useLabels', () => {
  beforeEach(async () => {
    await applyLocale('it');
  });

  it.each([
    ['language_not_spoken', 'Non parla la lingua'],
    ['time_off', 'Assente in quel periodo'],
    ['continuity', 'Ha già seguito questo caso (continuità)'],
    ['fairness:120', 'Equità: 120 minuti svolti negli ultimi 30 giorni'],
    ['level:native', 'Livello nella lingua: madrelingua'],
    ['brand_new_reason', 'Motivo: brand_new_reason'],
  ])('reads the matching reason %s', (code, text) => {
    expect(labels().reason(code)).toBe(text);
  });

  it('names weekdays the API way (Monday = 1) and the domain codes', () => {
    const words = labels();
    expect([1, 7].map(words.weekday)).toEqual(['Lunedì', 'Domenica']);
    expect(weekdayKey(7)).toBe('sunday');
    expect(words.status('unfilled')).toBe('Senza copertura');
    expect(words.mode('video')).toBe('In videochiamata');
    expect(words.outcome('family_no_show')).toBe('La famiglia non si è presentata');
  });

  it.each(locales)('shows every code in %s with the words of the shared catalogue', async (locale) => {
    await applyLocale(locale);
    const words = labels();
    const { t } = i18n.global;
    const expected = catalogue[locale];
    for (const code of serviceTypes) {
      expect(words.serviceType(code)).toBe(expected.serviceType[code]);
      expect(words.serviceTypeHint(code)).toBe(expected.serviceTypeHint[code]);
    }
    for (const code of requestStatuses) {
      expect(words.status(code)).toBe(expected.requestStatus[code]);
      expect(words.statusHint(code)).toBe(expected.requestStatusHint[code]);
    }
    for (const code of offerStatuses) expect(words.offerStatus(code)).toBe(expected.offerStatus[code]);
    for (const code of assignmentStatuses) expect(words.assignmentStatus(code)).toBe(expected.assignmentStatus[code]);
    for (const code of modes) expect(words.mode(code)).toBe(expected.mode[code]);
    for (const code of completionOutcomes) expect(words.outcome(code)).toBe(expected.outcome[code]);
    for (const code of genders) expect(words.gender(code)).toBe(expected.gender[code]);
    for (const code of languageLevels) {
      expect(words.level(code)).toBe(expected.languageLevel[code]);
      expect(words.reason(`level:${code}`)).toBe(reasonLabel(`level:${code}`, locale));
    }
    for (const code of [...exclusionReasons, ...rankingReasons, NOBODY_SPEAKS_LANGUAGE])
      expect(words.reason(code)).toBe(reasonLabel(code, locale));
    expect(words.reason('fairness:75')).toBe(reasonLabel('fairness:75', locale));
    for (const code of organizationKinds)
      expect(t(`coordinator.organizationKinds.${code}`)).toBe(expected.organizationKind[code]);
    for (const code of qualifications)
      expect(t(`coordinator.qualifications.${code}`)).toBe(expected.qualification[code]);
    for (const code of roles) expect(t(`coordinator.userRoles.${code}`)).toBe(expected.role[code]);
  });
});
