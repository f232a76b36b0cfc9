import type { PerformanceView } from "../bindings";
import { Amount } from "../components/Amount";
import { Outcome } from "../components/Outcome";
import { StatusBadge } from "../components/StatusBadge";
import { BLANK, TableHead, num } from "../components/TableHead";
import { useSubmission } from "../useSubmission";
import { verifyPerformance } from "./queries";

const COLUMNS = [
  "Date",
  num("Value"),
  num("Compared with"),
  num("Change"),
  "Status",
  "Recorded by",
  "Verified by",
  "Notes",
  BLANK,
];

export interface PerformanceTableProps {
  performance: PerformanceView[];
  onVerified: () => void;
}

/** The deal's recorded values, each compared with the one before, and the Verify of a second person. */
export function PerformanceTable({ performance, onVerified }: PerformanceTableProps) {
  const verify = useSubmission();
  return (
    <>
      <Outcome error={verify.error} done={verify.done} />
      <table data-testid="performance">
        <TableHead columns={COLUMNS} />
        <tbody>
          {performance.map((p) => (
            <tr key={p.id}>
              <td>{p.date}</td>
              <Amount value={p.value} />
              <Amount value={p.previous_value} />
              <td className="num">
                {p.change ?? "–"} {p.flagged ? <StatusBadge status="flagged" /> : null}
              </td>
              <td>
                <StatusBadge status={p.status} />
              </td>
              <td>{p.recorded_by}</td>
              <td>{p.verified_by ?? ""}</td>
              <td>{[p.notes, ...p.warnings].filter(Boolean).join(" · ")}</td>
              <td>
                {p.permits.verify.allowed ? (
                  <button
                    type="button"
                    onClick={() =>
                      void verify.submit(async (key) => {
                        await verifyPerformance(p.id, key);
                        onVerified();
                        return `The value of ${p.date} is verified.`;
                      })
                    }
                  >
                    Verify
                  </button>
                ) : null}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}
