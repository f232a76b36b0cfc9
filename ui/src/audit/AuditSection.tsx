import { AuditLog } from "./AuditLog";
import { ChainCheck } from "./ChainCheck";

/** The audit: the hash chain's check, and the log filtered by day and actor. */
export function AuditSection() {
  return (
    <>
      <ChainCheck />
      <AuditLog />
    </>
  );
}
