import type { ReactNode } from "react";

/** A column heading: its words (none for a column of buttons), right-aligned when it holds figures. */
export type Column = string | { label?: ReactNode; num?: boolean };

/** A table's heading row. */
export function TableHead({ columns }: { columns: readonly Column[] }) {
  return (
    <thead>
      <tr>
        {columns.map((column, index) =>
          typeof column === "string" ? (
            <th key={index}>{column}</th>
          ) : (
            <th key={index} className={column.num ? "num" : undefined}>
              {column.label}
            </th>
          ),
        )}
      </tr>
    </thead>
  );
}

/** A column of figures, right-aligned. */
export const num = (label: string): Column => ({ label, num: true });

/** A column with no heading, for a row's buttons. */
export const BLANK: Column = {};
