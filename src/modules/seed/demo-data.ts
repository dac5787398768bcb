import type { Country, Locale } from '@app/common/bilingual';
import type { Role } from '@app/modules/identity/roles';
import agencies from './data/agencies.json';
import chain from './data/chain-border-crossing-authorization.json';
import groups from './data/technical-groups.json';
import type { MemberRole } from '@app/modules/technical-groups/entities/group-member.entity';

/**
 * The demo a newcomer sees on the embedded default: real agencies of both countries (from
 * public sources), the regional technical groups agreed in June 2025, one user per role, the
 * co-chairs of each group, and the binational border-crossing authorization chain.
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
    name: 'Demo Admin',
    roles: ['admin'],
    agency: null,
    locale: 'en',
    timeZone: 'America/Mexico_City',
  },
  {
    email: 'coordinator@demo.puentes.local',
    name: 'Lucía Coordinadora',
    roles: ['coordinator'],
    agency: 'SICT',
    locale: 'es',
  },
  {
    email: 'approver@demo.puentes.local',
    name: 'Mateo Aprobador',
    roles: ['approver'],
    agency: 'SRE',
    locale: 'es',
  },
  {
    email: 'viewer@demo.puentes.local',
    name: 'Vera Viewer',
    roles: ['viewer'],
    agency: 'CBP',
    locale: 'en',
  },
];

/**
 * People on the Sonora–Arizona roster besides its co-chairs, so that a demo user can open the
 * group's meetings: the SRE approver as a member, the CBP viewer as an observer.
 */
export const DEMO_GROUP_MEMBERS: { group: string; email: string; role: MemberRole }[] = [
  { group: 'SON-AZ', email: 'approver@demo.puentes.local', role: 'member' },
  { group: 'SON-AZ', email: 'viewer@demo.puentes.local', role: 'observer' },
];

/** Co-chairs of each group: one official of a Mexican agency, one of a U.S. agency. */
const CO_CHAIR_AGENCIES: Record<string, { mx: string; us: string }> = {
  'BC-CA': { mx: 'BC-SIDURT', us: 'CALTRANS' },
  'SON-AZ': { mx: 'SON-SICT', us: 'ADOT' },
  'JRZ-ELP': { mx: 'CHIH-FPF', us: 'NMDOT' },
  'TAMPS-TX': { mx: 'TAMPS-SOP', us: 'TXDOT' },
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
  const chairs = CO_CHAIR_AGENCIES[group.code];
  const slug = group.code.toLowerCase();
  return {
    ...group,
    coChairs: {
      mx: {
        email: `cochair.${slug}.mx@demo.puentes.local`,
        name: `Co-chair ${group.code} (MX)`,
        roles: ['approver'],
        agency: chairs.mx,
        locale: 'es',
      } as DemoUser,
      us: {
        email: `cochair.${slug}.us@demo.puentes.local`,
        name: `Co-chair ${group.code} (US)`,
        roles: ['approver'],
        agency: chairs.us,
        locale: 'en',
      } as DemoUser,
    },
    memberAgencyCodes: [chairs.mx, chairs.us, ...FEDERAL_MEMBERS],
  };
});

/** Two crossings in planning, ready for a workflow of the demo chain. */
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
];
