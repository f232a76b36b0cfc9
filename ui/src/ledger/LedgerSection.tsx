import { useState } from "react";
import type { AccountRef } from "../desk/navigation";
import { AccountStatement } from "./AccountStatement";
import { TrialBalance } from "./TrialBalance";

/**
 * The ledger: the trial balance of every account, and one account's statement, opened from a
 * row of the trial balance, a link elsewhere in the window, or picked by name.
 */
export function LedgerSection({ account }: { account?: AccountRef }) {
  const [opened, setOpened] = useState<AccountRef | null>(account ?? null);
  return (
    <>
      <TrialBalance onOpen={setOpened} />
      <AccountStatement opened={opened} />
    </>
  );
}
