// The commands the audit section calls. It only reads: no mutation, so nothing it shows goes
// stale by its own doing.

import { commands } from "../bindings";
import { unwrap } from "../errors";

/** The audit records since a day and by an actor (null: all of them). */
export const auditLog = (since: string | null, actor: string | null) => unwrap(commands.auditLog(since, actor));

/** Recomputes the whole hash chain and names the first record that was changed or removed. */
export const verifyAudit = () => unwrap(commands.verifyAudit());
