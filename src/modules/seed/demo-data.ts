import type { Country, Locale } from '@app/common/bilingual';
import type { Role } from '@app/modules/identity/roles';
import agencies from './data/agencies.json';
import chain from './data/chain-border-crossing-authorization.json';
import groups from './data/technical-groups.json';
import type { MemberRole } from '@app/modules/technical-groups/entities/group-member.entity';

/**
 * The demo a newcomer sees on the embedded default: real agencies of both countries (from
 * public sources), the regional technical groups agreed in June 2025, one user per role, an
 * approver for every agency the demo chain names, the co-chairs of each group, the binational
 * border-crossing authorization chain, and three workflows of it at different stages. The
 * people are fictitious; Mexicans read Spanish, Americans English, each in their office's zone.
 */
export const DEMO_AGENCIES = agencies as {
  code: string;
  country: Country;
  name: { en: string; es: string };
  timeZone: string;
}[];

export const DEMO_CHAIN = chain as {
  key: string;
  name: { en: string; es: string };
  steps: unknown[];
};

export interface DemoUser {
  email: string;
  name: string;
  roles: Role[];
  agency: string | null;
  locale: Locale;
  timeZone?: string;
}

export const DEMO_USERS: DemoUser[] = [
  {
    email: 'admin@demo.puentes.local',
    name: 'Ana Sofía Treviño',
    roles: ['admin'],
    agency: null,
    locale: 'en',
    timeZone: 'America/Mexico_City',
  },
  {
    email: 'coordinator@demo.puentes.local',
    name: 'Lucía Hernández Ortega',
    roles: ['coordinator'],
    agency: 'SICT',
    locale: 'es',
  },
  {
    email: 'approver@demo.puentes.local',
    name: 'Mateo Ramírez Solís',
    roles: ['approver'],
    agency: 'SRE',
    locale: 'es',
  },
  {
    email: 'viewer@demo.puentes.local',
    name: 'Vera Mitchell',
    roles: ['viewer'],
    agency: 'CBP',
    locale: 'en',
  },
  ...approvers([
    ['SICT', 'Jorge Alberto Medina Ruiz'],
    // At the Nogales customs house: Sonora keeps Mountain Standard Time all year.
    ['ANAM', 'Fernanda Quiroz Valenzuela', 'America/Hermosillo'],
    ['INDAABIN', 'Ricardo Salgado Pérez'],
    ['SEMARNAT', 'Gabriela Ochoa Martínez'],
    ['ATTRAPI', 'Héctor Villarreal Garza'],
    ['CILA', 'Patricia Domínguez Lara'],
    // At the Tucson field office: Arizona keeps Mountain Standard Time all year too.
    ['CBP', 'Michael Reyes', 'America/Phoenix'],
    ['GSA', 'Karen Whitfield'],
    ['FHWA', 'David Okafor'],
    ['EPA', 'Susan Park'],
    ['USIBWC', 'Robert Delgado'],
    ['FRA', 'Jennifer Collins'],
    ['DOS', 'Thomas Brennan'],
  ]),
];

/**
 * An approver per agency (`approver.<code>@demo.puentes.local`): Spanish for a Mexican
 * agency, English for a U.S. one, in the agency's zone unless stationed elsewhere.
 */
function approvers(list: [agency: string, name: string, timeZone?: string][]): DemoUser[] {
  return list.map(([agency, name, timeZone]) => {
    const country = DEMO_AGENCIES.find((a) => a.code === agency)!.country;
    return {
      email: `approver.${agency.toLowerCase()}@demo.puentes.local`,
      name,
      roles: ['approver'],
      agency,
      locale: country === 'MX' ? 'es' : 'en',
      ...(timeZone ? { timeZone } : {}),
    };
  });
}

/**
 * People on the Sonora–Arizona roster besides its co-chairs, so that a demo user can open the
 * group's meetings: the SRE approver as a member, the CBP viewer as an observer.
 */
export const DEMO_GROUP_MEMBERS: { group: string; email: string; role: MemberRole }[] = [
  { group: 'SON-AZ', email: 'approver@demo.puentes.local', role: 'member' },
  { group: 'SON-AZ', email: 'viewer@demo.puentes.local', role: 'observer' },
];

/** Co-chairs of each group: one official of a Mexican agency, one of a U.S. agency. */
const CO_CHAIRS: Record<string, Record<'mx' | 'us', { agency: string; name: string }>> = {
  'BC-CA': {
    mx: { agency: 'BC-SIDURT', name: 'Alejandra Beltrán Ochoa' },
    us: { agency: 'CALTRANS', name: 'Brian Nakamura' },
  },
  'SON-AZ': {
    mx: { agency: 'SON-SICT', name: 'Rosa María Encinas Valdez' },
    us: { agency: 'ADOT', name: 'Kevin Sandoval' },
  },
  'JRZ-ELP': {
    mx: { agency: 'CHIH-FPF', name: 'Óscar Chávez Molina' },
    us: { agency: 'NMDOT', name: 'Laura Benavides' },
  },
  'TAMPS-TX': {
    mx: { agency: 'TAMPS-SOP', name: 'Verónica Cantú Salinas' },
    us: { agency: 'TXDOT', name: 'James Whitaker' },
  },
};

const FEDERAL_MEMBERS = ['SRE', 'SICT', 'ANAM', 'DOS', 'CBP', 'GSA'];

export const DEMO_GROUPS = (
  groups as {
    code: string;
    name: { en: string; es: string };
    mxStates: string[];
    usStates: string[];
  }[]
).map((group) => {
  const chairs = CO_CHAIRS[group.code];
  const slug = group.code.toLowerCase();
  return {
    ...group,
    coChairs: {
      mx: {
        email: `cochair.${slug}.mx@demo.puentes.local`,
        name: chairs.mx.name,
        roles: ['approver'],
        agency: chairs.mx.agency,
        locale: 'es',
      } as DemoUser,
      us: {
        email: `cochair.${slug}.us@demo.puentes.local`,
        name: chairs.us.name,
        roles: ['approver'],
        agency: chairs.us.agency,
        locale: 'en',
      } as DemoUser,
    },
    memberAgencyCodes: [chairs.mx.agency, chairs.us.agency, ...FEDERAL_MEMBERS],
  };
});

/** Three crossings in planning, each with a workflow of the demo chain (`DEMO_WORKFLOWS`). */
export const DEMO_PROJECTS = [
  {
    code: 'OTAY-MESA-EAST',
    name: {
      en: 'Otay Mesa East Port of Entry (Mesa de Otay II)',
      es: 'Garita Mesa de Otay II (Otay Mesa East)',
    },
    type: 'land_port_of_entry' as const,
    group: 'BC-CA',
    attributes: { involvesRail: false, commercialLanes: 10 },
  },
  {
    code: 'NOGALES-RAIL',
    name: {
      en: 'Nogales rail crossing expansion',
      es: 'Ampliación del cruce ferroviario de Nogales',
    },
    type: 'rail_crossing' as const,
    group: 'SON-AZ',
    attributes: { involvesRail: true },
  },
  {
    code: 'SAN-LUIS-II',
    name: {
      en: 'San Luis II land port of entry modernization',
      es: 'Modernización del puerto fronterizo San Luis Río Colorado II',
    },
    type: 'land_port_of_entry' as const,
    group: 'SON-AZ',
    attributes: { involvesRail: false, commercialLanes: 6 },
  },
];

/** A signature the demo records through the approvals service, as the user it names. */
export interface DemoDecision {
  step: string;
  as: string;
  decision: 'approve' | 'reject' | 'request_changes';
  comment?: string;
}

const chair = (group: string, seat: 'mx' | 'us') =>
  `cochair.${group.toLowerCase()}.${seat}@demo.puentes.local`;
const approverOf = (agency: string) =>
  agency === 'SRE'
    ? 'approver@demo.puentes.local'
    : `approver.${agency.toLowerCase()}@demo.puentes.local`;
const approveAll = (step: string, ...agencies: string[]): DemoDecision[] =>
  agencies.map((agency) => ({ step, as: approverOf(agency), decision: 'approve' }));
const regionalPriority: DemoDecision[] = [
  { step: 'regional-priority', as: chair('SON-AZ', 'mx'), decision: 'approve' },
  { step: 'regional-priority', as: chair('SON-AZ', 'us'), decision: 'approve' },
];

/**
 * The demo's workflows of the border-crossing chain, started by the coordinator and moved by
 * the signatures listed, in order: one just started (waiting on its own group's co-chairs,
 * Baja California–California, through the chain's `{ projectGroup: true }` assignee),
 * one midway (the regional priority approved; Mexico's technical file sent back with changes
 * requested by ANAM; the U.S. views and the rail safety review half signed), one approved.
 */
export const DEMO_WORKFLOWS: { project: string; stage: string; decisions: DemoDecision[] }[] = [
  { project: 'OTAY-MESA-EAST', stage: 'just started', decisions: [] },
  {
    project: 'NOGALES-RAIL',
    stage: 'midway',
    decisions: [
      ...regionalPriority,
      ...approveAll('mx-technical-file', 'SRE', 'SICT'),
      {
        step: 'mx-technical-file',
        as: approverOf('ANAM'),
        decision: 'request_changes',
        comment:
          'Falta el estudio de aforo vehicular y ferroviario del cruce; favor de anexarlo al expediente.',
      },
      ...approveAll('us-agency-views', 'CBP', 'GSA'),
      ...approveAll('rail-safety', 'FRA'),
    ],
  },
  {
    project: 'SAN-LUIS-II',
    stage: 'completed',
    decisions: [
      ...regionalPriority,
      ...approveAll('mx-technical-file', 'SRE', 'SICT', 'ANAM', 'INDAABIN'),
      ...approveAll('us-agency-views', 'CBP', 'GSA', 'FHWA', 'EPA', 'USIBWC'),
      ...approveAll('environmental-review', 'EPA', 'SEMARNAT'),
      ...approveAll('boundary-hydraulics', 'USIBWC', 'CILA'),
      ...approveAll('diplomatic-sign-off', 'SRE', 'DOS'),
    ],
  },
];
