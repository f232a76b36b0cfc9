import type { WalletView } from "../bindings";
import { Amount } from "../components/Amount";
import { TableHead, num } from "../components/TableHead";
import { groupDigits } from "../format";

/** A member's wallet: what it holds, then its credits and withdrawals, the newest first. */
export function WalletHistory({ wallet: w }: { wallet: WalletView }) {
  return (
    <section aria-labelledby="wallet-title" data-testid="wallet-history">
      <h3 id="wallet-title">
        {w.member}'s wallet ({w.community}, {w.role.replace("_", " ")}): {w.status}
      </h3>
      <p>
        Pending {groupDigits(w.pending)} {w.currency}, available {groupDigits(w.available)} {w.currency}; credited{" "}
        {groupDigits(w.credited)}, withdrawn {groupDigits(w.withdrawn)}.
      </p>
      {w.history.length === 0 ? <p className="empty">Nothing has been credited yet.</p> : null}
      {w.history.length > 0 ? (
        <table>
          <TableHead columns={["Date", "Movement", num("Amount"), "State", "Available on"]} />
          <tbody>
            {w.history.map((m) => (
              <tr key={`${m.kind}-${m.id}`}>
                <td>{m.date}</td>
                <td>{m.kind === "credit" ? `Share of revenue ${m.id}` : `Withdrawal ${m.id}`}</td>
                <Amount value={m.kind === "credit" ? m.amount : `-${m.amount}`} currency={w.currency} />
                <td>{m.status}</td>
                <td>{m.available_on ?? ""}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
    </section>
  );
}
