import type {
  AssignmentStatus,
  CompletionOutcome,
  Gender,
  LanguageLevel,
  Mode,
  OfferStatus,
  RemoteMode,
  RequestStatus,
  ServiceType,
} from '@ponte/shared';
import { labels, languageLevels, type ReasonCode } from '@ponte/shared';
import { useI18n } from 'vue-i18n';

const WEEKDAY_KEYS = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'] as const;
export type WeekdayKey = (typeof WEEKDAY_KEYS)[number];

/** ISO weekday (Monday = 1 … Sunday = 7, as the API counts) → its message key. */
export function weekdayKey(isoWeekday: number): WeekdayKey {
  return WEEKDAY_KEYS[(((isoWeekday - 1) % 7) + 7) % 7] ?? 'monday';
}

// Reasons read as plain words; fairness and level carry a detail and have their own sentences.
type PlainReason = Exclude<ReasonCode, 'fairness' | 'level'>;
const isPlainReason = (code: string): code is PlainReason =>
  code !== 'fairness' && code !== 'level' && Object.hasOwn(labels.it.reason, code);
const isLevel = (value: string | undefined): value is LanguageLevel =>
  (languageLevels as readonly string[]).includes(value ?? '');

/**
 * The words of the domain's codes, in the user's language; shared by every area's screens. The messages
 * behind them are the shared label catalogue's (`labels` in @ponte/shared), as in e-mails and the CSV.
 */
export function useLabels() {
  const { t } = useI18n();
  return {
    serviceType: (value: ServiceType) => t(`common.serviceType.${value}`),
    serviceTypeHint: (value: ServiceType) => t(`common.serviceTypeHint.${value}`),
    status: (value: RequestStatus) => t(`common.status.${value}`),
    statusHint: (value: RequestStatus) => t(`common.statusHint.${value}`),
    offerStatus: (value: OfferStatus) => t(`common.offerStatus.${value}`),
    assignmentStatus: (value: AssignmentStatus) => t(`common.assignmentStatus.${value}`),
    mode: (value: Mode) => t(`common.mode.${value}`),
    /** What the requester is told when an in-person request went on by phone or video. */
    remoteFallback: (value: RemoteMode) => t(`common.remoteFallback.${value}`),
    outcome: (value: CompletionOutcome) => t(`common.outcome.${value}`),
    gender: (value: Gender) => t(`common.gender.${value}`),
    level: (value: LanguageLevel) => t(`common.level.${value}`),
    weekday: (isoWeekday: number) => t(`common.weekday.${weekdayKey(isoWeekday)}`),
    /**
     * A matching reason as the API gives it: a plain code (`time_off`) or a code with a detail
     * (`fairness:120`, `level:native`).
     */
    reason(code: string): string {
      const [name = '', detail] = code.split(':');
      if (name === 'fairness') return t('common.reason.fairness', { minutes: Number(detail ?? 0) });
      if (name === 'level')
        return t('common.reason.level', { level: isLevel(detail) ? t(`common.level.${detail}`) : (detail ?? '') });
      if (isPlainReason(name)) return t(`common.reason.${name}`);
      return t('common.reason.unknown', { code });
    },
  };
}
