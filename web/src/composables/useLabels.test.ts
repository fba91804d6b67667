import { mount } from '@vue/test-utils';
import { beforeEach, describe, expect, it } from 'vitest';
import { defineComponent } from 'vue';
import { applyLocale, i18n } from '@/i18n';
import { useLabels, weekdayKey } from './useLabels';

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
});
