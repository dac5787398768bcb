import type { ReactNode } from 'react';

/**
 * The wrapper of a table that may be wider than the screen (a phone at 390 px): it scrolls
 * sideways, so it is a focusable region — a keyboard user tabs to it and scrolls it with the
 * arrow keys, which a table of plain text (no link or button to tab to) would not otherwise
 * allow (axe `scrollable-region-focusable`, WCAG 2.1.1) — named by the table's caption or
 * heading (`labelledBy`, its id), so a screen reader says which table it has landed on.
 */
export function TableRegion({
  labelledBy,
  className,
  hidden,
  children,
}: {
  /** The id of the caption or heading that names the table. */
  labelledBy: string;
  className?: string;
  hidden?: boolean;
  children: ReactNode;
}) {
  return (
    <div
      className={className ? `table-wrap ${className}` : 'table-wrap'}
      // A hidden region is out of the tab order anyway; saying so keeps it out of axe's sight.
      tabIndex={hidden ? -1 : 0}
      role="region"
      aria-labelledby={labelledBy}
      hidden={hidden}
    >
      {children}
    </div>
  );
}
