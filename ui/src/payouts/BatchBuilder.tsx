import { useEffect, useState } from "react";
import type { BankAccountView, Items, WithdrawalView } from "../bindings";
import { Amount } from "../components/Amount";
import { ErrorBanner } from "../components/ErrorBanner";
import { PartyLink } from "../components/Links";
import { TableHead, num } from "../components/TableHead";
import { useCommand } from "../useCommand";
import { payeeOf, pickedTotal, type Act } from "./acts";
import { listBankAccounts, listWithdrawals } from "./queries";

export interface BatchBuilderProps {
  /** Bumped after each act, so the approved withdrawals are read again. */
  version: number;
  onAct: (act: Act) => void;
}

/** Picks approved withdrawals of one currency, paid from one of the organisation's accounts, with their running total. */
export function BatchBuilder({ version, onAct }: BatchBuilderProps) {
  const banks = useCommand<Items<BankAccountView>>();
  const approved = useCommand<Items<WithdrawalView>>();
  const [bankId, setBankId] = useState<number | null>(null);
  const [picked, setPicked] = useState<number[]>([]);
  const runBanks = banks.run;
  const runApproved = approved.run;
  useEffect(() => void runBanks(listBankAccounts), [runBanks]);
  useEffect(() => {
    setPicked([]);
    void runApproved(() => listWithdrawals("approved"));
  }, [runApproved, version]);
  const accounts = banks.data?.items ?? [];
  const bank = accounts.find((b) => b.id === bankId) ?? accounts[0] ?? null;
  const payable = (approved.data?.items ?? []).filter((w) => bank !== null && w.currency === bank.currency);
  const chosen = payable.filter((w) => picked.includes(w.id));
  const toggle = (id: number) => setPicked((ids) => (ids.includes(id) ? ids.filter((x) => x !== id) : [...ids, id]));

  return (
    <section aria-labelledby="builder-title" className="panel" data-testid="batch-builder">
      <h2 id="builder-title">Build a batch</h2>
      <ErrorBanner error={banks.error ?? approved.error} />
      {banks.data && accounts.length === 0 ? (
        <p className="empty">No bank account yet: an admin adds one with `prorata bank add`.</p>
      ) : null}
      {bank !== null ? (
        <label>
          Paid from
          <select
            name="batch-bank"
            value={bank.id}
            onChange={(e) => {
              setBankId(Number(e.target.value));
              setPicked([]);
            }}
          >
            {accounts.map((b) => (
              <option key={b.id} value={b.id}>
                {b.name} · {b.currency} · {b.account_number}
              </option>
            ))}
          </select>
        </label>
      ) : null}
      {bank !== null && approved.data && payable.length === 0 ? (
        <p className="empty">No approved withdrawal in {bank.currency} waits for a batch.</p>
      ) : null}
      {payable.length > 0 ? (
        <table data-testid="batch-candidates">
          <TableHead
            columns={[{ label: <span className="sr-only">Pick</span> }, num("#"), "Payee", num("Amount"), "To"]}
          />
          <tbody>
            {payable.map((w) => (
              <tr key={w.id}>
                <td>
                  <input
                    type="checkbox"
                    aria-label={`Pick withdrawal ${w.id}`}
                    checked={picked.includes(w.id)}
                    onChange={() => toggle(w.id)}
                  />
                </td>
                <td className="num">{w.id}</td>
                <td>
                  {w.payee_record?.kind === "investor" || w.payee_record?.kind === "partner" ? (
                    <PartyLink kind={w.payee_record.kind} id={w.payee_record.id} name={payeeOf(w)} />
                  ) : (
                    w.payee_name
                  )}
                </td>
                <Amount value={w.amount} currency={w.currency} />
                <td>
                  {w.bank_name} <span className="code">{w.bank_account}</span>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      {bank !== null ? (
        <div className="toolbar">
          <span data-testid="picked-total" aria-live="polite">
            Picked: {chosen.length} {chosen.length === 1 ? "withdrawal" : "withdrawals"}, {pickedTotal(chosen)}
          </span>
          <button
            type="button"
            className="primary"
            disabled={chosen.length === 0}
            onClick={() => onAct({ kind: "build_batch", bank, withdrawals: chosen })}
          >
            Build the draft…
          </button>
        </div>
      ) : null}
    </section>
  );
}
