import type { Actor } from '@app/modules/identity/auth/auth-user';
import {
  coveredCapacities,
  type DelegationInForceRow,
  gainedCapacities,
  lentBy,
} from './delegations-in-force';

const SRE = '00000000-0000-4000-8000-00000000051e';
const SEMARNAT = '00000000-0000-4000-8000-0000000005e7';

function actor(overrides: Partial<Actor> = {}): Actor {
  return {
    id: 'tomas',
    email: 'tomas@sre.example',
    name: 'Tomás Titular',
    agencyId: SRE,
    agencyCode: 'SRE',
    roles: ['approver'],
    locale: 'es',
    timeZone: 'America/Mexico_City',
    coChairOf: { mx: [], us: [] },
    ...overrides,
  };
}

/** A row as `delegationsInForce` (or its `row_to_json`) gives it. */
function row(overrides: Partial<DelegationInForceRow> = {}): DelegationInForceRow {
  return {
    id: 'tomas',
    email: 'tomas@sre.example',
    name: 'Tomás Titular',
    agency_id: SRE,
    agency_code: 'SRE',
    roles: ['approver'],
    locale: 'es',
    time_zone: 'America/Mexico_City',
    mx_groups: [],
    us_groups: [],
    delegation_id: 'd1',
    delegate_id: 'sofia',
    legal_basis: 'Art. 45',
    reference: null,
    starts_at: '2027-03-01T16:00:00.000Z',
    ends_at: '2027-03-15T16:00:00.000Z',
    delegate_agency_id: SRE,
    delegate_country: 'MX',
    ...overrides,
  };
}

describe('coveredCapacities', () => {
  it('lends the agency signature to someone of the same agency only', () => {
    expect(coveredCapacities(actor(), { agencyId: SRE, country: 'MX' })).toEqual([
      { assignee: 'agency:SRE', seat: 'agency' },
    ]);
    expect(coveredCapacities(actor(), { agencyId: SEMARNAT, country: 'MX' })).toEqual([]);
  });

  it('lends a co-chair seat to someone of an agency of the seat’s country', () => {
    const chair = actor({ roles: ['viewer'], coChairOf: { mx: ['SON-AZ'], us: [] } });
    expect(coveredCapacities(chair, { agencyId: SEMARNAT, country: 'MX' })).toEqual([
      { assignee: 'group:SON-AZ', seat: 'mx' },
    ]);
    expect(coveredCapacities(chair, { agencyId: null, country: 'US' })).toEqual([]);
  });

  it('lends nothing the delegator does not hold in their own right (not transitive)', () => {
    expect(
      coveredCapacities(actor({ roles: ['viewer'] }), { agencyId: SRE, country: 'MX' }),
    ).toEqual([]);
  });
});

describe('gainedCapacities', () => {
  it('leaves out the agency signature of a delegate who is its approver already', () => {
    const fellow = { agencyId: SRE, country: 'MX' as const };
    expect(gainedCapacities(actor(), { ...fellow, roles: ['approver'] })).toEqual([]);
    expect(gainedCapacities(actor(), { ...fellow, roles: ['viewer'] })).toEqual([
      { assignee: 'agency:SRE', seat: 'agency' },
    ]);
  });

  it('keeps a co-chair seat for an approver of an agency of the seat’s country', () => {
    const chair = actor({ coChairOf: { mx: ['SON-AZ'], us: [] } });
    expect(gainedCapacities(chair, { agencyId: SRE, country: 'MX', roles: ['approver'] })).toEqual([
      { assignee: 'group:SON-AZ', seat: 'mx' },
    ]);
  });
});

describe('lentBy', () => {
  it('reads the delegator and the delegate from a row, as activeFor and the notices do', () => {
    expect(lentBy(row())).toEqual([{ assignee: 'agency:SRE', seat: 'agency' }]);
    expect(
      lentBy(row({ roles: ['viewer'], mx_groups: ['SON-AZ'], delegate_agency_id: SEMARNAT })),
    ).toEqual([{ assignee: 'group:SON-AZ', seat: 'mx' }]);
    // The delegator moved to another agency since: the delegate no longer holds its signature.
    expect(lentBy(row({ agency_id: SEMARNAT, agency_code: 'SEMARNAT' }))).toEqual([]);
  });
});
