import { AccountStatement } from "./AccountStatement";
import { TrialBalance } from "./TrialBalance";

/** The ledger: the trial balance of every account, and one account's statement. */
export function LedgerSection() {
  return (
    <>
      <TrialBalance />
      <AccountStatement />
    </>
  );
}
