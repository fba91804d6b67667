import { NOBODY_SPEAKS_LANGUAGE, type ExclusionReason, type RankingReason } from './matching.js';
import {
  languageLevels,
  type AssignmentStatus,
  type CompletionOutcome,
  type Gender,
  type LanguageLevel,
  type Locale,
  type Mode,
  type OfferStatus,
  type OrganizationKind,
  type Qualification,
  type RemoteMode,
  type RequestStatus,
  type Role,
  type ServiceType,
} from './enums.js';

/** A matching reason as people read it: every exclusion and ranking reason, and the gap report's own. */
export type ReasonCode = ExclusionReason | RankingReason | typeof NOBODY_SPEAKS_LANGUAGE;

/**
 * The words of every code Ponte shows to people, in one place: the e-mails, the calendar feed, the
 * CSV and the web app (whose i18n messages for these codes are these very objects) all read it, so a
 * service type is called the same everywhere. A label is short enough for a table cell or a subject
 * line; a hint, where there is one, says more beside it.
 *
 * The strings are also vue-i18n messages: no `@`, `|`, `{` or `}` except the placeholders of the two
 * ranking reasons with a detail (`{minutes}`, `{level}`), which `reasonLabel` fills the same way.
 */
export interface LabelCatalogue {
  serviceType: Record<ServiceType, string>;
  serviceTypeHint: Record<ServiceType, string>;
  mode: Record<Mode, string>;
  /** What the requester is told when an in-person request goes on by phone or video (e-mail, request page). */
  remoteFallback: Record<RemoteMode, string>;
  requestStatus: Record<RequestStatus, string>;
  requestStatusHint: Record<RequestStatus, string>;
  offerStatus: Record<OfferStatus, string>;
  assignmentStatus: Record<AssignmentStatus, string>;
  outcome: Record<CompletionOutcome, string>;
  gender: Record<Gender, string>;
  languageLevel: Record<LanguageLevel, string>;
  organizationKind: Record<OrganizationKind, string>;
  qualification: Record<Qualification, string>;
  role: Record<Role, string>;
  reason: Record<ReasonCode, string>;
}

const it: LabelCatalogue = {
  serviceType: {
    school_welcome: 'Accoglienza a scuola',
    school_meeting: 'Colloquio scuola-famiglia',
    language_facilitation: 'Facilitazione linguistica in classe',
    social_interview: 'Colloquio al servizio sociale',
    home_visit: 'Visita domiciliare',
    parenting_assessment: 'Valutazione delle capacità genitoriali',
  },
  serviceTypeHint: {
    school_welcome: 'Primo incontro con la famiglia di un’alunna o un alunno appena arrivato',
    school_meeting: 'Incontro tra insegnanti e genitori',
    language_facilitation: 'Sostegno in classe durante le lezioni',
    social_interview: 'Colloquio con la famiglia presso il servizio',
    home_visit: 'Visita presso l’abitazione della famiglia',
    parenting_assessment: 'Richiede una mediatrice o un mediatore accreditato per questo servizio',
  },
  mode: {
    in_person: 'In presenza',
    phone: 'Al telefono',
    video: 'In videochiamata',
  },
  remoteFallback: {
    phone:
      'Nessuno poteva venire di persona: come avevi accettato, cerchiamo una mediatrice o un mediatore al telefono.',
    video:
      'Nessuno poteva venire di persona: come avevi accettato, cerchiamo una mediatrice o un mediatore in videochiamata.',
  },
  requestStatus: {
    searching: 'In cerca',
    assigned: 'Assegnata',
    completed: 'Svolta',
    unfilled: 'Senza copertura',
    expired: 'Scaduta',
    cancelled: 'Annullata',
    awaiting_approval: 'In attesa di approvazione',
  },
  requestStatusHint: {
    searching: 'Stiamo proponendo la richiesta alle mediatrici e ai mediatori disponibili.',
    assigned: 'Una mediatrice o un mediatore ha accettato: il servizio è confermato.',
    completed: 'Il servizio è stato svolto.',
    unfilled: 'Per ora nessuno può coprire la richiesta: il coordinamento la sta seguendo.',
    expired: 'L’orario di inizio è passato senza che nessuno fosse assegnato.',
    cancelled: 'La richiesta è stata annullata.',
    awaiting_approval:
      'La richiesta supera le ore rimaste sulla linea di finanziamento: il coordinamento deve approvarla prima di cercare una mediatrice o un mediatore.',
  },
  offerStatus: {
    pending: 'In attesa di risposta',
    accepted: 'Accettata',
    declined: 'Rifiutata',
    expired: 'Scaduta',
    withdrawn: 'Non più disponibile',
  },
  assignmentStatus: {
    active: 'In programma',
    completed: 'Svolto',
    cancelled: 'Annullato',
    withdrawn: 'Rinuncia',
  },
  outcome: {
    done: 'Servizio svolto',
    family_no_show: 'La famiglia non si è presentata',
  },
  gender: {
    female: 'Donna',
    male: 'Uomo',
  },
  languageLevel: {
    native: 'madrelingua',
    fluent: 'fluente',
    working: 'di lavoro',
  },
  organizationKind: {
    school: 'Scuola',
    social_service: 'Servizio sociale',
  },
  qualification: {
    school: 'Ambito scolastico',
    social_services: 'Servizi sociali',
    parenting_assessment: 'Valutazione della capacità genitoriale (accreditamento)',
  },
  role: {
    requester: 'Richiedente',
    mediator: 'Mediatrice o mediatore',
    coordinator: 'Coordinamento',
  },
  reason: {
    inactive: 'Non attiva o non attivo',
    language_not_spoken: 'Non parla la lingua',
    district_not_served: 'Non copre l’ambito territoriale',
    mode_not_offered: 'Non offre questa modalità',
    missing_qualification: 'Non ha la qualifica richiesta dal servizio',
    outside_availability: 'Fuori dalla disponibilità settimanale',
    time_off: 'Assente in quel periodo',
    already_booked: 'Ha già un incarico in quell’orario',
    weekly_cap_exceeded: 'Supererebbe il tetto di ore settimanali',
    gender_mismatch: 'Genere diverso da quello richiesto',
    dialect_mismatch: 'Non parla la variante richiesta',
    declined: 'Ha rifiutato questa richiesta',
    let_expire: 'Ha lasciato scadere la proposta',
    withdrew: 'Ha rinunciato a questa richiesta',
    case_excluded: 'Esclusa o escluso da questo caso (conflitto di interessi)',
    series_continuity: 'Segue già gli incontri precedenti di questa serie',
    continuity: 'Ha già seguito questo caso (continuità)',
    preferred_gender: 'Genere preferito',
    preferred_dialect: 'Parla la variante preferita',
    home_district: 'Abita nell’ambito della richiesta',
    fairness: 'Equità: {minutes} minuti svolti negli ultimi 30 giorni',
    level: 'Livello nella lingua: {level}',
    no_mediator_speaks_language: 'Nessuna mediatrice o mediatore parla la lingua',
  },
};

const en: LabelCatalogue = {
  serviceType: {
    school_welcome: 'School welcome meeting',
    school_meeting: 'Parent–teacher meeting',
    language_facilitation: 'Language support in class',
    social_interview: 'Social service interview',
    home_visit: 'Home visit',
    parenting_assessment: 'Parenting assessment',
  },
  serviceTypeHint: {
    school_welcome: 'First meeting with the family of a newly arrived pupil',
    school_meeting: 'A meeting between teachers and parents',
    language_facilitation: 'Support in class during lessons',
    social_interview: 'An interview with the family at the service',
    home_visit: 'A visit to the family’s home',
    parenting_assessment: 'Needs a mediator accredited for this service',
  },
  mode: {
    in_person: 'In person',
    phone: 'By phone',
    video: 'By video call',
  },
  remoteFallback: {
    phone: 'Nobody could come in person: as you allowed, we are looking for a mediator by phone.',
    video: 'Nobody could come in person: as you allowed, we are looking for a mediator by video call.',
  },
  requestStatus: {
    searching: 'Searching',
    assigned: 'Assigned',
    completed: 'Done',
    unfilled: 'Unfilled',
    expired: 'Expired',
    cancelled: 'Cancelled',
    awaiting_approval: 'Awaiting approval',
  },
  requestStatusHint: {
    searching: 'We are offering the request to the mediators who are available.',
    assigned: 'A mediator accepted: the service is confirmed.',
    completed: 'The service took place.',
    unfilled: 'Nobody can cover the request for now: the coordinators are on it.',
    expired: 'The start time passed without anyone assigned.',
    cancelled: 'The request was cancelled.',
    awaiting_approval:
      'The request goes beyond the hours left on its funding line: the coordinators must approve it before a mediator is sought.',
  },
  offerStatus: {
    pending: 'Awaiting your answer',
    accepted: 'Accepted',
    declined: 'Declined',
    expired: 'Expired',
    withdrawn: 'No longer available',
  },
  assignmentStatus: {
    active: 'Scheduled',
    completed: 'Done',
    cancelled: 'Cancelled',
    withdrawn: 'Withdrawn',
  },
  outcome: {
    done: 'Service delivered',
    family_no_show: 'The family did not come',
  },
  gender: {
    female: 'Woman',
    male: 'Man',
  },
  languageLevel: {
    native: 'native',
    fluent: 'fluent',
    working: 'working knowledge',
  },
  organizationKind: {
    school: 'School',
    social_service: 'Social service',
  },
  qualification: {
    school: 'Schools',
    social_services: 'Social services',
    parenting_assessment: 'Parenting capacity assessment (accreditation)',
  },
  role: {
    requester: 'Requester',
    mediator: 'Mediator',
    coordinator: 'Coordination',
  },
  reason: {
    inactive: 'Not active',
    language_not_spoken: 'Does not speak the language',
    district_not_served: 'Does not cover the district',
    mode_not_offered: 'Does not offer this mode',
    missing_qualification: 'Lacks the qualification this service needs',
    outside_availability: 'Outside their weekly availability',
    time_off: 'Away at that time',
    already_booked: 'Already booked at that time',
    weekly_cap_exceeded: 'Would exceed their weekly hours',
    gender_mismatch: 'Not the gender the request requires',
    dialect_mismatch: 'Does not speak the required variety',
    declined: 'Declined this request',
    let_expire: 'Let the offer expire',
    withdrew: 'Withdrew from this request',
    case_excluded: 'Excluded from this case (conflict of interest)',
    series_continuity: 'Already holds the earlier sessions of this series',
    continuity: 'Already followed this case (continuity)',
    preferred_gender: 'Preferred gender',
    preferred_dialect: 'Speaks the preferred variety',
    home_district: 'Lives in the request’s district',
    fairness: 'Fairness: {minutes} minutes delivered in the last 30 days',
    level: 'Language level: {level}',
    no_mediator_speaks_language: 'No mediator speaks the language',
  },
};

export const labels: Readonly<Record<Locale, LabelCatalogue>> = { it, en };

export const serviceTypeLabel = (serviceType: ServiceType, locale: Locale) => labels[locale].serviceType[serviceType];
export const modeLabel = (mode: Mode, locale: Locale) => labels[locale].mode[mode];
export const remoteFallbackLabel = (mode: RemoteMode, locale: Locale) => labels[locale].remoteFallback[mode];

const isReasonCode = (code: string, locale: Locale): code is ReasonCode => Object.hasOwn(labels[locale].reason, code);
const isLanguageLevel = (value: string): value is LanguageLevel =>
  (languageLevels as readonly string[]).includes(value);

/**
 * A matching reason as the API gives it, in words: a plain code (`time_off`) or a code with a detail
 * (`fairness:120` → "… 120 minutes …", `level:native` → "… native"). Null for a code the catalogue
 * does not know, so the caller decides how to show it.
 */
export function reasonLabel(code: string, locale: Locale): string | null {
  const [name = '', detail = ''] = code.split(':');
  if (!isReasonCode(name, locale)) return null;
  const words = labels[locale].reason[name];
  if (name === 'fairness') return words.replace('{minutes}', String(Number(detail) || 0));
  if (name === 'level')
    return words.replace('{level}', isLanguageLevel(detail) ? labels[locale].languageLevel[detail] : detail);
  return words;
}

/**
 * A length of time in hours and minutes, the one way Ponte shows one: "45 min", "2 h", "1 h 15 min".
 * Hours are grouped as the locale writes numbers ("1,234 h" in English). Minutes are rounded to whole ones.
 */
export function formatDuration(totalMinutes: number, locale: Locale): string {
  const rounded = Math.max(0, Math.round(totalMinutes));
  const hours = Math.floor(rounded / 60);
  const minutes = rounded % 60;
  if (hours === 0) return `${minutes} min`;
  const hoursText = `${new Intl.NumberFormat(locale === 'it' ? 'it-IT' : 'en-GB').format(hours)} h`;
  return minutes === 0 ? hoursText : `${hoursText} ${minutes} min`;
}
