import { type Weekday, daysInMonth, isoWeekday, toEpochDay } from './iso-date';

export type Country = 'MX' | 'US';

export interface LocalizedName {
  readonly en: string;
  readonly es: string;
}

interface HolidayRuleBase {
  /** Stable id, unique per country at any given year (a rule may be split into year ranges). */
  readonly id: string;
  readonly name: LocalizedName;
  /** First year the rule applies (inclusive); also the anchor of `everyYears`. */
  readonly since?: number;
  /** Last year the rule applies (inclusive). */
  readonly until?: number;
  /** The rule applies only every N years counted from `since` (e.g. inaugurations). */
  readonly everyYears?: number;
}

/** The same month and day every year, e.g. 16 September. */
export interface FixedDateRule extends HolidayRuleBase {
  readonly kind: 'fixed';
  readonly month: number;
  readonly day: number;
}

/** The n-th given weekday of a month (n = -1 for the last), e.g. the third Monday of March. */
export interface NthWeekdayRule extends HolidayRuleBase {
  readonly kind: 'nthWeekday';
  readonly month: number;
  readonly weekday: Weekday;
  readonly n: 1 | 2 | 3 | 4 | -1;
}

export type HolidayRule = FixedDateRule | NthWeekdayRule;

/**
 * What happens to a holiday that falls on a weekend.
 * - `none`: it stays where it is, and no weekday is given instead (Mexico, LFT art. 74).
 * - `fridayBeforeMondayAfter`: Saturday → the Friday before, Sunday → the Monday after
 *   (U.S. federal employees on a Monday–Friday week: 5 U.S.C. 6103(b), Executive Order 11582).
 */
export type ObservancePolicy = 'none' | 'fridayBeforeMondayAfter';

export interface HolidayTable {
  readonly country: Country;
  readonly observance: ObservancePolicy;
  readonly rules: readonly HolidayRule[];
}

export function ruleAppliesIn(rule: HolidayRule, year: number): boolean {
  if (rule.since !== undefined && year < rule.since) return false;
  if (rule.until !== undefined && year > rule.until) return false;
  if (rule.everyYears !== undefined) {
    const anchor = rule.since ?? 0;
    return (year - anchor) % rule.everyYears === 0;
  }
  return true;
}

/** The epoch day on which the rule falls in `year`, or undefined when it does not apply. */
export function ruleEpochDay(rule: HolidayRule, year: number): number | undefined {
  if (!ruleAppliesIn(rule, year)) return undefined;
  if (rule.kind === 'fixed') return toEpochDay(year, rule.month, rule.day);
  if (rule.n === -1) {
    const last = toEpochDay(year, rule.month, daysInMonth(year, rule.month));
    return last - ((isoWeekday(last) - rule.weekday + 7) % 7);
  }
  const first = toEpochDay(year, rule.month, 1);
  return first + ((rule.weekday - isoWeekday(first) + 7) % 7) + 7 * (rule.n - 1);
}

/** The epoch day on which a holiday falling on `epochDay` is observed. */
export function observedEpochDay(policy: ObservancePolicy, epochDay: number): number {
  if (policy === 'none') return epochDay;
  const weekday = isoWeekday(epochDay);
  if (weekday === 6) return epochDay - 1;
  if (weekday === 7) return epochDay + 1;
  return epochDay;
}

/**
 * Checks a table once, when the module loads, and freezes it: a rule with an impossible
 * date, an `everyYears` without its anchor, or two rules sharing an id in the same year is a
 * mistake in the data, not in anyone's input.
 */
export function defineHolidayTable(table: HolidayTable): HolidayTable {
  const problems: string[] = [];
  for (const rule of table.rules) {
    const where = `${table.country} ${rule.id}`;
    if (!Number.isInteger(rule.month) || rule.month < 1 || rule.month > 12) {
      problems.push(`${where}: month ${rule.month}`);
    } else if (
      rule.kind === 'fixed' &&
      (rule.day < 1 || rule.day > daysInMonth(2000, rule.month))
    ) {
      problems.push(`${where}: day ${rule.day}`);
    }
    if (rule.everyYears !== undefined && (rule.since === undefined || rule.everyYears < 1)) {
      problems.push(`${where}: everyYears needs a since year to count from`);
    }
    if (rule.since !== undefined && rule.until !== undefined && rule.since > rule.until) {
      problems.push(`${where}: since ${rule.since} is after until ${rule.until}`);
    }
  }
  table.rules.forEach((rule, i) => {
    for (const other of table.rules.slice(i + 1)) {
      const from = Math.max(rule.since ?? -Infinity, other.since ?? -Infinity);
      const to = Math.min(rule.until ?? Infinity, other.until ?? Infinity);
      if (other.id === rule.id && from <= to) {
        problems.push(`${table.country} ${rule.id}: two rules overlap from ${from} to ${to}`);
      }
    }
  });
  if (problems.length > 0) throw new Error(`Invalid holiday table: ${problems.join('; ')}`);
  return deepFreeze(table);
}

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.values(value).forEach(deepFreeze);
    Object.freeze(value);
  }
  return value;
}
