import type { ChainView } from "../bindings";
import { ErrorBanner } from "../components/ErrorBanner";
import { StatusBadge } from "../components/StatusBadge";
import { useCommand } from "../useCommand";
import { verifyAudit } from "./queries";

export function ChainCheck() {
  const chain = useCommand<ChainView>();
  return (
    <section aria-labelledby="chain-title">
      <h2 id="chain-title">Hash chain</h2>
      <p className="hint">
        Every record carries the SHA-256 of the one before it. Verifying recomputes the whole chain and names the first
        record that was changed or removed.
      </p>
      <div className="toolbar">
        <button type="button" onClick={() => void chain.run(verifyAudit)} disabled={chain.busy}>
          {chain.busy ? "Verifying…" : "Verify the audit chain"}
        </button>
        {chain.data ? (
          <span data-testid="audit-check">
            <StatusBadge status="intact" /> {chain.data.records} records, every link intact
          </span>
        ) : null}
      </div>
      <ErrorBanner error={chain.error} />
    </section>
  );
}
