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
        Every record carries the hash of the one before it and is signed with a key derived from the data key, so no one
        without the organisation passphrase can rewrite it. Verifying recomputes the whole chain, names the first record
        that was changed or removed, and names records cut from its end since this workstation last saw it.
      </p>
      <div className="toolbar">
        <button type="button" onClick={() => void chain.run(verifyAudit)} disabled={chain.busy}>
          {chain.busy ? "Verifying…" : "Verify the audit chain"}
        </button>
        {chain.data ? (
          <span data-testid="audit-check">
            <StatusBadge status="intact" /> {chain.data.records} records, every link intact
            {chain.data.seen_up_to !== null ? `; nothing missing after record ${chain.data.seen_up_to}` : ""}
            {chain.data.unkeyed_records > 0 ? `; the first ${chain.data.unkeyed_records} are from before keying` : ""}
          </span>
        ) : null}
      </div>
      <ErrorBanner error={chain.error} />
    </section>
  );
}
