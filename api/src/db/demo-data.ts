import type {
  Gender,
  LanguageLevel,
  Locale,
  Mode,
  OrganizationKind,
  OverBudgetPolicy,
  Qualification,
  Role,
  ServiceType,
} from '@ponte/shared';

export const DEMO_PASSWORD = 'ponte-demo-2026';

interface DemoOrganization {
  key: string;
  row: {
    name: string;
    kind: OrganizationKind;
    municipality: string;
    districtId: string;
    address: string;
    phone: string;
  };
}

export const demoOrganizations: DemoOrganization[] = [
  {
    key: 'ic-vimercate',
    row: {
      name: 'IC Don Milani Vimercate',
      kind: 'school',
      municipality: 'Vimercate',
      districtId: 'vimercate',
      address: 'Via Valcamonica 1, Vimercate',
      phone: '039 6080100',
    },
  },
  {
    key: 'ic-arcore',
    row: {
      name: 'IC Arcore — Scuola primaria Don Gervasoni',
      kind: 'school',
      municipality: 'Arcore',
      districtId: 'vimercate',
      address: 'Via Monte Grappa 14, Arcore',
      phone: '039 6012345',
    },
  },
  {
    key: 'ic-trezzo',
    row: {
      name: "IC Trezzo sull'Adda",
      kind: 'school',
      municipality: "Trezzo sull'Adda",
      districtId: 'trezzo',
      address: "Via Gramsci 6, Trezzo sull'Adda",
      phone: '02 9090111',
    },
  },
  {
    key: 'ic-seregno',
    row: {
      name: 'IC Stoppani Seregno',
      kind: 'school',
      municipality: 'Seregno',
      districtId: 'seregno',
      address: 'Via Stoppani 5, Seregno',
      phone: '0362 231111',
    },
  },
  {
    key: 'ic-lissone',
    row: {
      name: 'IC Croce Lissone — Secondaria',
      kind: 'school',
      municipality: 'Lissone',
      districtId: 'carate',
      address: 'Via Pietro Mariani 20, Lissone',
      phone: '039 7397300',
    },
  },
  {
    key: 'ss-vimercate',
    row: {
      name: 'Servizi sociali — Comune di Vimercate',
      kind: 'social_service',
      municipality: 'Vimercate',
      districtId: 'vimercate',
      address: "Piazza Unità d'Italia 1, Vimercate",
      phone: '039 6659200',
    },
  },
  {
    key: 'ss-trezzo',
    row: {
      name: 'Servizio Tutela Minori — Ambito di Trezzo',
      kind: 'social_service',
      municipality: "Trezzo sull'Adda",
      districtId: 'trezzo',
      address: "Via Roma 5, Trezzo sull'Adda",
      phone: '02 9093300',
    },
  },
  {
    key: 'ss-seregno',
    row: {
      name: 'Servizi sociali — Comune di Seregno',
      kind: 'social_service',
      municipality: 'Seregno',
      districtId: 'seregno',
      address: 'Piazza Martiri della Libertà 1, Seregno',
      phone: '0362 263400',
    },
  },
  {
    key: 'ss-carate',
    row: {
      name: 'Servizi sociali — Comune di Carate Brianza',
      kind: 'social_service',
      municipality: 'Carate Brianza',
      districtId: 'carate',
      address: 'Piazza Cesare Battisti 1, Carate Brianza',
      phone: '0362 987300',
    },
  },
];

interface DemoUser {
  email: string;
  name: string;
  role: Role;
  organizationKey?: string;
  locale: Locale;
}

export const demoUsers: DemoUser[] = [
  { email: 'coordinatrice@ponte.demo', name: 'Giulia Ferraresi', role: 'coordinator', locale: 'it' },
  {
    email: 'docente@ponte.demo',
    name: 'Marco Brambilla',
    role: 'requester',
    organizationKey: 'ic-vimercate',
    locale: 'it',
  },
  {
    email: 'assistente.sociale@ponte.demo',
    name: 'Chiara Colombo',
    role: 'requester',
    organizationKey: 'ss-trezzo',
    locale: 'it',
  },
  {
    email: 'segreteria.seregno@ponte.demo',
    name: 'Paola Galli',
    role: 'requester',
    organizationKey: 'ic-seregno',
    locale: 'en',
  },
];

type Slot = { weekday: number; startMinute: number; endMinute: number };
const hours = (from: number, to: number) => ({ startMinute: from * 60, endMinute: to * 60 });
const days = (weekdays: number[], from: number, to: number): Slot[] =>
  weekdays.map((weekday) => ({ weekday, ...hours(from, to) }));

const availabilityPatterns: Record<string, Slot[]> = {
  onCall: days([1, 2, 3, 4, 5, 6, 7], 7, 22),
  weekdays: days([1, 2, 3, 4, 5], 8, 18),
  mornings: days([1, 2, 3, 4, 5, 6], 8, 13),
  afternoons: days([1, 2, 3, 4, 5], 13, 20),
  partTime: [...days([2, 4], 9, 17), ...days([6], 9, 12)],
};

interface DemoMediator {
  profile: {
    fullName: string;
    email: string;
    phone: string;
    gender: Gender | null;
    homeDistrictId: string;
    modes: Mode[];
    qualifications: Qualification[];
    maxWeeklyMinutes: number;
  };
  languages: { languageCode: string; level: LanguageLevel; dialects: string[] }[];
  districtIds: string[];
  weekly: Slot[];
}

type MediatorLine = [
  fullName: string,
  email: string,
  gender: Gender | null,
  languages: string,
  home: string,
  districts: string,
  qualifications: string,
  pattern: keyof typeof availabilityPatterns,
  modes?: string,
];

// languages: "code:level[:dialect|dialect]" separated by spaces; qualifications: s = school, o = social services, p = parenting assessment.
const lines: MediatorLine[] = [
  [
    'Amina El Idrissi',
    'mediatrice@ponte.demo',
    'female',
    'ar:native:Marocchino (Darija) fr:fluent',
    'vimercate',
    'vimercate trezzo',
    'sop',
    'onCall',
  ],
  [
    'Youssef Benali',
    'mediatore@ponte.demo',
    'male',
    'ar:native:Marocchino (Darija)|Tunisino fr:fluent',
    'vimercate',
    'vimercate carate',
    'so',
    'onCall',
  ],
  [
    'Samira Haddad',
    'samira.haddad@ponte.demo',
    'female',
    'ar:native:Levantino|Egiziano en:fluent',
    'seregno',
    'seregno carate',
    'sop',
    'weekdays',
  ],
  ['Omar Farouk', 'omar.farouk@ponte.demo', 'male', 'ar:native:Egiziano', 'trezzo', 'trezzo', 's', 'afternoons'],
  [
    'Elira Hoxha',
    'elira.hoxha@ponte.demo',
    'female',
    'sq:native it:native',
    'vimercate',
    'vimercate seregno',
    'so',
    'weekdays',
  ],
  ['Arben Kola', 'arben.kola@ponte.demo', 'male', 'sq:native', 'carate', 'carate', 's', 'mornings'],
  [
    'Ioana Popescu',
    'ioana.popescu@ponte.demo',
    'female',
    'ro:native ru:working',
    'trezzo',
    'trezzo vimercate',
    'sop',
    'onCall',
  ],
  [
    'Li Wei',
    'li.wei@ponte.demo',
    'female',
    'zh:native:Mandarino|Wenzhouese',
    'carate',
    'carate seregno',
    'so',
    'weekdays',
  ],
  [
    'Chen Jie',
    'chen.jie@ponte.demo',
    'male',
    'zh:native:Qingtianese|Mandarino',
    'vimercate',
    'vimercate',
    's',
    'afternoons',
  ],
  [
    'Ayesha Malik',
    'ayesha.malik@ponte.demo',
    'female',
    'ur:native pa:fluent hi:fluent',
    'seregno',
    'seregno carate',
    'sop',
    'weekdays',
  ],
  [
    'Imran Qureshi',
    'imran.qureshi@ponte.demo',
    'male',
    'ur:native pa:native',
    'trezzo',
    'trezzo vimercate',
    'so',
    'onCall',
    'in_person phone',
  ],
  [
    'Harpreet Kaur',
    'harpreet.kaur@ponte.demo',
    'female',
    'pa:native hi:native',
    'vimercate',
    'vimercate',
    's',
    'mornings',
  ],
  [
    'Rahima Begum',
    'rahima.begum@ponte.demo',
    'female',
    'bn:native:Sylheti',
    'carate',
    'carate seregno',
    'so',
    'weekdays',
  ],
  [
    'Carlos Mendoza',
    'carlos.mendoza@ponte.demo',
    'male',
    'es:native:Latinoamericano pt:working',
    'seregno',
    'seregno',
    's',
    'partTime',
  ],
  [
    'Fernanda Souza',
    'fernanda.souza@ponte.demo',
    'female',
    'pt:native:Brasiliano es:fluent',
    'vimercate',
    'vimercate trezzo',
    'so',
    'afternoons',
  ],
  [
    'Olena Kovalenko',
    'olena.kovalenko@ponte.demo',
    'female',
    'uk:native ru:native',
    'carate',
    'carate vimercate',
    'sop',
    'weekdays',
  ],
  [
    'Dmytro Shevchuk',
    'dmytro.shevchuk@ponte.demo',
    'male',
    'uk:native ru:fluent',
    'trezzo',
    'trezzo',
    'o',
    'onCall',
    'phone video',
  ],
  [
    'Senait Tesfay',
    'senait.tesfay@ponte.demo',
    'female',
    'ti:native am:fluent',
    'vimercate',
    'vimercate',
    'so',
    'weekdays',
  ],
  [
    'Dawit Mekonnen',
    'dawit.mekonnen@ponte.demo',
    'male',
    'am:native ti:working',
    'seregno',
    'seregno',
    's',
    'mornings',
  ],
  [
    'Hodan Warsame',
    'hodan.warsame@ponte.demo',
    'female',
    'so:native ar:working',
    'trezzo',
    'trezzo',
    'so',
    'afternoons',
  ],
  [
    'Moussa Diop',
    'moussa.diop@ponte.demo',
    'male',
    'wo:native fr:native:Africa occidentale',
    'carate',
    'carate',
    's',
    'weekdays',
  ],
  [
    'Aminata Traoré',
    'aminata.traore@ponte.demo',
    'female',
    'bm:native fr:fluent:Africa occidentale ff:working',
    'vimercate',
    'vimercate seregno',
    'sop',
    'partTime',
  ],
  [
    'Chinedu Okafor',
    'chinedu.okafor@ponte.demo',
    'male',
    'en:native:Pidgin nigeriano ha:working',
    'seregno',
    'seregno carate',
    'so',
    'onCall',
  ],
  ['Maricel Santos', 'maricel.santos@ponte.demo', 'female', 'tl:native en:fluent', 'carate', 'carate', 's', 'mornings'],
  [
    'Nuwan Perera',
    'nuwan.perera@ponte.demo',
    'male',
    'si:native ta:working',
    'vimercate',
    'vimercate',
    's',
    'afternoons',
  ],
  [
    'Tharshini Ravi',
    'tharshini.ravi@ponte.demo',
    null,
    'ta:native si:fluent',
    'seregno',
    'seregno',
    'so',
    'weekdays',
    'phone video',
  ],
  [
    'Zeynep Yılmaz',
    'zeynep.yilmaz@ponte.demo',
    'female',
    'tr:native ku:fluent:Kurmanji',
    'trezzo',
    'trezzo vimercate',
    'sop',
    'weekdays',
  ],
  [
    'Karwan Ahmed',
    'karwan.ahmed@ponte.demo',
    'male',
    'ku:native:Sorani fa:fluent ar:working',
    'carate',
    'carate',
    'so',
    'afternoons',
  ],
  [
    'Zahra Hosseini',
    'zahra.hosseini@ponte.demo',
    'female',
    'fa:native:Dari ps:fluent',
    'vimercate',
    'vimercate trezzo',
    'sop',
    'onCall',
  ],
  ['Ahmad Noori', 'ahmad.noori@ponte.demo', 'male', 'ps:native fa:native:Dari', 'seregno', 'seregno', 'o', 'partTime'],
];

const qualificationCodes: Record<string, Qualification> = {
  s: 'school',
  o: 'social_services',
  p: 'parenting_assessment',
};

function parseLanguages(spec: string) {
  return spec
    .split(/ (?=[a-z]{2,3}:)/)
    .filter((part) => !part.startsWith('it:'))
    .map((part) => {
      const [languageCode = '', level = 'fluent', dialects = ''] = part.split(':');
      return { languageCode, level: level as LanguageLevel, dialects: dialects ? dialects.split('|') : [] };
    });
}

export const demoMediators: DemoMediator[] = lines.map(
  ([fullName, email, gender, languages, home, districts, qualifications, pattern, modes], index) => ({
    profile: {
      fullName,
      email,
      phone: `+39 333 ${String(1_000_000 + index * 7919).slice(0, 7)}`,
      gender,
      homeDistrictId: home,
      modes: (modes ?? 'in_person phone video').split(' ') as Mode[],
      qualifications: [...qualifications]
        .map((code) => qualificationCodes[code])
        .filter((value): value is Qualification => value !== undefined),
      maxWeeklyMinutes: pattern === 'partTime' ? 900 : 1800,
    },
    languages: parseLanguages(languages),
    districtIds: districts.split(' '),
    weekly: availabilityPatterns[pattern] ?? [],
  }),
);

// ── Funding lines (issue 17) ─────────────────────────────────────────────────────────────────────────

interface DemoFundingLine {
  key: string;
  row: {
    name: string;
    funder: string;
    code: string | null;
    from: string;
    to: string;
    budgetMinutes: number;
    districtIds: string[];
    serviceTypes: ServiceType[];
    overBudget: OverBudgetPolicy;
  };
  /** Who used its hours so far: organizations by key, mediators by e-mail with the language they mediated in. */
  history: {
    organizationKeys: string[];
    serviceTypes: ServiceType[];
    mediators: { email: string; languageCode: string }[];
    everyDays: number;
  };
}

/** A past service of the demo: completed and confirmed, charged to a line. */
export interface DemoPastRequest {
  lineKey: string;
  organizationKey: string;
  serviceType: ServiceType;
  mediatorEmail: string;
  languageCode: string;
  startsAt: Date;
  durationMinutes: number;
  actualMinutes: number;
  caseRef: string;
}

const DAY_MS = 86_400_000;
const pad = (value: number) => String(value).padStart(2, '0');

/**
 * The demo's lines, dated around `now` so the demo always has a running project: FAMI for the schools of
 * Vimercate and Trezzo over two school years (the current one and the last), the Piano di Zona of Trezzo
 * for its social services over three calendar years, and Seregno's own budget for this school year.
 */
export function demoFundingLines(now: Date): DemoFundingLine[] {
  const year = now.getUTCFullYear();
  const schoolYear = now.getUTCMonth() >= 8 ? year : year - 1;
  const short = (value: number) => pad(value % 100);
  return [
    {
      key: 'fami',
      row: {
        name: `FAMI ${schoolYear - 1}-${short(schoolYear + 1)} — scuole di Vimercate e Trezzo`,
        funder: 'Ministero dell’Interno — FAMI (AMIF 2021-2027)',
        code: `PROG-${schoolYear - 1}-2891`,
        from: `${schoolYear - 1}-09-01`,
        to: `${schoolYear + 1}-08-31`,
        budgetMinutes: 160 * 60,
        districtIds: ['vimercate', 'trezzo'],
        serviceTypes: ['school_welcome', 'school_meeting', 'language_facilitation'],
        overBudget: 'approve',
      },
      history: {
        organizationKeys: ['ic-vimercate', 'ic-arcore', 'ic-trezzo'],
        serviceTypes: ['school_welcome', 'school_meeting', 'language_facilitation'],
        mediators: [
          { email: 'zeynep.yilmaz@ponte.demo', languageCode: 'tr' },
          { email: 'zahra.hosseini@ponte.demo', languageCode: 'fa' },
        ],
        everyDays: 9,
      },
    },
    {
      key: 'pdz-trezzo',
      row: {
        name: `Piano di Zona ${year - 1}-${year + 1} — servizi sociali di Trezzo`,
        funder: "Ambito territoriale di Trezzo sull'Adda",
        code: null,
        from: `${year - 1}-01-01`,
        to: `${year + 1}-12-31`,
        budgetMinutes: 200 * 60,
        districtIds: ['trezzo'],
        serviceTypes: ['social_interview', 'home_visit', 'parenting_assessment'],
        overBudget: 'warn',
      },
      history: {
        organizationKeys: ['ss-trezzo'],
        serviceTypes: ['social_interview', 'home_visit'],
        mediators: [{ email: 'zahra.hosseini@ponte.demo', languageCode: 'fa' }],
        everyDays: 11,
      },
    },
    {
      key: 'seregno',
      row: {
        name: `Comune di Seregno — mediazione scolastica ${schoolYear}-${short(schoolYear + 1)}`,
        funder: 'Comune di Seregno',
        code: null,
        from: `${schoolYear}-09-01`,
        to: `${schoolYear + 1}-06-30`,
        budgetMinutes: 40 * 60,
        districtIds: ['seregno'],
        serviceTypes: [],
        overBudget: 'warn',
      },
      history: { organizationKeys: [], serviceTypes: [], mediators: [], everyDays: 0 },
    },
  ];
}

/**
 * Part of each line's hours already used: a service every few days from the line's start until five
 * weeks ago (so the mediators' last-30-days fairness is untouched), at 09:00 or 14:30 UTC on weekdays.
 */
export function demoPastRequests(now: Date): DemoPastRequest[] {
  const past: DemoPastRequest[] = [];
  const until = now.getTime() - 35 * DAY_MS;
  for (const line of demoFundingLines(now)) {
    const { history } = line;
    if (history.everyDays === 0 || history.organizationKeys.length === 0) continue;
    let index = 0;
    for (
      let day = Date.parse(`${line.row.from}T00:00:00Z`) + 7 * DAY_MS;
      day < until;
      day += history.everyDays * DAY_MS
    ) {
      const date = new Date(day);
      const weekday = date.getUTCDay();
      if (weekday === 0 || weekday === 6) date.setUTCDate(date.getUTCDate() + (weekday === 6 ? 2 : 1));
      if (date.getUTCMonth() === 7) continue; // August: schools and most services are closed.
      date.setUTCHours(index % 2 === 0 ? 8 : 13, index % 2 === 0 ? 0 : 30);
      const mediator = history.mediators[index % history.mediators.length];
      const organizationKey = history.organizationKeys[index % history.organizationKeys.length];
      const serviceType = history.serviceTypes[index % history.serviceTypes.length];
      if (!mediator || !organizationKey || !serviceType) continue;
      const durationMinutes = [60, 90, 120][index % 3] ?? 60;
      past.push({
        lineKey: line.key,
        organizationKey,
        serviceType,
        mediatorEmail: mediator.email,
        languageCode: mediator.languageCode,
        startsAt: date,
        durationMinutes,
        actualMinutes: index % 5 === 4 ? durationMinutes - 15 : durationMinutes,
        // Families are seen more than once: about one case for every two services.
        caseRef: `${line.key === 'fami' ? 'ALU' : 'FAM'}-${pad(Math.floor(index / 2) % 97)}`,
      });
      index += 1;
    }
  }
  return past;
}
