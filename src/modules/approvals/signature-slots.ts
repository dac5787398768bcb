import type { Country } from '@app/common/bilingual';
import type { Holder } from '@app/modules/technical-groups/group-work';

/**
 * Who holds an open signature slot (`workflow_steps.awaiting`, `workflows.awaiting`; see
 * `slotOf`), defined once in SQL for every reader of open work — the technical groups'
 * dashboard and agendas, and the workflow search (`GET /workflows`).
 *
 * - `agency:CBP/agency` is held by that agency, in its country;
 * - `group:SON-AZ/mx` and `group:SON-AZ/us` are the group's co-chair seats: held by the sitting
 *   co-chair's agency, in the seat's country (MX or US). A seat nobody sits in holds nothing
 *   (`agency_code` is null and it is left out of every holder list and every side).
 *
 * A derived table of every slot that can exist — one row per agency, two per group — small
 * enough (agencies plus twice the groups) to join or to turn into a filter array per request.
 * Columns: `slot`, `agency_code`, `country` (`MX`|`US`), `via_group` (group code or null).
 */
export const SIGNATURE_SLOTS_SQL = `(
  SELECT 'agency:' || a.code || '/agency' AS slot, a.code AS agency_code,
         a.country::text AS country, NULL::text AS via_group
    FROM agencies a
  UNION ALL
  SELECT 'group:' || tg.code || '/' || seat.seat, chair_agency.code,
         upper(seat.seat), tg.code
    FROM technical_groups tg
   CROSS JOIN (VALUES ('mx'), ('us')) AS seat(seat)
    LEFT JOIN users chair
           ON chair.id = CASE seat.seat WHEN 'mx' THEN tg.co_chair_mx_id ELSE tg.co_chair_us_id END
    LEFT JOIN agencies chair_agency ON chair_agency.id = chair.agency_id)`;

/**
 * A JSON array of the holders of the slots in the text-array expression `awaiting` (e.g.
 * `s.awaiting`), in slot order: `[{ slot, agencyCode, country, viaGroup }]`, only held slots.
 */
export function holdersJsonSql(awaiting: string): string {
  return `COALESCE((
    SELECT json_agg(json_build_object(
             'slot', ss.slot, 'agencyCode', ss.agency_code, 'country', ss.country,
             'viaGroup', ss.via_group) ORDER BY ss.slot)
      FROM unnest(${awaiting}) AS open_slot(slot)
      JOIN ${SIGNATURE_SLOTS_SQL} ss ON ss.slot = open_slot.slot
     WHERE ss.agency_code IS NOT NULL), '[]'::json)`;
}

/**
 * The slots held on one side (`country`) or by one agency, as a text array to test with `&&`
 * against `awaiting` (which the GIN indexes on `awaiting` answer). `$n` is the parameter.
 */
export function slotsOfCountrySql(param: string): string {
  return `(SELECT COALESCE(array_agg(ss.slot), '{}') FROM ${SIGNATURE_SLOTS_SQL} ss
            WHERE ss.agency_code IS NOT NULL AND ss.country = ${param})`;
}

/** See {@link slotsOfCountrySql}: the slots an agency holds, directly or in a co-chair seat. */
export function slotsOfAgencySql(param: string): string {
  return `(SELECT COALESCE(array_agg(ss.slot), '{}') FROM ${SIGNATURE_SLOTS_SQL} ss
            WHERE ss.agency_code = ${param})`;
}

/** A holder as `holdersJsonSql` gives it. */
export interface HeldSlot {
  slot: string;
  agencyCode: string;
  country: Country;
  viaGroup: string | null;
}

/** `HeldSlot` → the dashboard's `Holder`. */
export function holderOf(held: HeldSlot): Holder {
  return {
    agencyCode: held.agencyCode,
    country: held.country,
    ...(held.viaGroup ? { viaGroup: held.viaGroup } : {}),
  };
}
