import { useMemo, useState } from "react";
import type { AllocationView } from "../bindings";
import { minorUnits } from "../chart";
import { Amount } from "../components/Amount";
import { StatusBadge } from "../components/StatusBadge";

type SortKey = "investor" | "units" | "amount" | "withdrawn" | "pending" | "available";

const COLUMNS: { key: SortKey; label: string; num: boolean }[] = [
  { key: "investor", label: "Investor", num: false },
  { key: "units", label: "Units", num: true },
  { key: "amount", label: "Allocated", num: true },
  { key: "withdrawn", label: "Withdrawn", num: true },
  { key: "pending", label: "Pending", num: true },
  { key: "available", label: "Available", num: true },
];

/** Exact comparison of two decimal strings: as BigInt at 7 places, never as floats. */
function compareDecimal(a: string, b: string): number {
  const x = minorUnits(a, 7);
  const y = minorUnits(b, 7);
  return x < y ? -1 : x > y ? 1 : 0;
}

/** An event's allocations: searchable by investor, sortable by any column. */
export function AllocationsTable({ allocations, currency }: { allocations: AllocationView[]; currency: string }) {
  const [query, setQuery] = useState("");
  const [sort, setSort] = useState<{ key: SortKey; ascending: boolean }>({ key: "investor", ascending: true });
  const shown = useMemo(() => {
    const wanted = query.trim().toLowerCase();
    const rows = allocations.filter((a) => wanted === "" || a.investor.toLowerCase().includes(wanted));
    const order = (a: AllocationView, b: AllocationView) =>
      sort.key === "investor" ? a.investor.localeCompare(b.investor) : compareDecimal(a[sort.key], b[sort.key]);
    return rows.sort((a, b) => (sort.ascending ? order(a, b) : order(b, a)));
  }, [allocations, query, sort]);
  function sortBy(key: SortKey) {
    setSort((s) => ({ key, ascending: s.key === key ? !s.ascending : true }));
  }
  const ariaSort = (key: SortKey) => (sort.key === key ? (sort.ascending ? "ascending" : "descending") : "none");
  return (
    <>
      <div className="toolbar">
        <label>
          Find an investor
          <input name="allocations-search" type="search" value={query} onChange={(e) => setQuery(e.target.value)} />
        </label>
        <span>
          {shown.length} of {allocations.length} allocations
        </span>
      </div>
      <table data-testid="allocations">
        <thead>
          <tr>
            {COLUMNS.map((c) => (
              <th key={c.key} className={c.num ? "num" : undefined} aria-sort={ariaSort(c.key)}>
                <button type="button" className="sort" onClick={() => sortBy(c.key)}>
                  {c.label}
                </button>
              </th>
            ))}
            <th className="num">Part of all</th>
            <th>Status</th>
          </tr>
        </thead>
        <tbody>
          {shown.map((a) => (
            <tr key={a.id}>
              <td>{a.investor}</td>
              <td className="num">{a.units}</td>
              <Amount value={a.amount} currency={currency} />
              <Amount value={a.withdrawn} />
              <Amount value={a.pending} />
              <Amount value={a.available} />
              <td className="num">{a.ownership}</td>
              <td>
                <StatusBadge status={a.status} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}
