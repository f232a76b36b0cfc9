import { useState } from "react";
import type { PerformanceView } from "../bindings";
import { Amount } from "../components/Amount";
import { ConfirmDialog } from "../components/ConfirmDialog";
import { groupDigits, sentence } from "../format";
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
  currency: string;
  onVerified: () => void;
}

/** The deal's recorded values, each compared with the one before, and the Verify of a second person. */
export function PerformanceTable({ performance, currency, onVerified }: PerformanceTableProps) {
  const verify = useSubmission();
  const [asked, setAsked] = useState<PerformanceView | null>(null);
  function confirm(p: PerformanceView) {
    setAsked(null);
    void verify.submit(async (key) => {
      await verifyPerformance(p.id, key);
      onVerified();
      return `The value of ${p.date} is verified.`;
    });
  }
  return (
    <>
      <Outcome error={verify.error} done={verify.done} />
      {asked ? (
        <VerifyDialog p={asked} currency={currency} onConfirm={() => confirm(asked)} onCancel={() => setAsked(null)} />
      ) : null}
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
                  <button type="button" onClick={() => setAsked(p)}>
                    Verify…
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

interface VerifyDialogProps {
  p: PerformanceView;
  currency: string;
  onConfirm: () => void;
  onCancel: () => void;
}

/** Restates the value being verified, what it is compared with, and, if flagged, the move and the threshold. */
function VerifyDialog({ p, currency, onConfirm, onCancel }: VerifyDialogProps) {
  const change = p.change === null ? "" : ` (${p.change})`;
  return (
    <ConfirmDialog title="Verify a value" confirmLabel="Yes, verify" onConfirm={onConfirm} onCancel={onCancel}>
      <p>
        Verify the value of {p.date}: {groupDigits(p.value)} {currency}, compared with {groupDigits(p.previous_value)}
        {change}, recorded by {p.recorded_by}?
      </p>
      {p.warnings.map((warning) => (
        <p key={warning} className="warning-line">
          {sentence(warning)}
        </p>
      ))}
    </ConfirmDialog>
  );
}
