// The commands the revenue section calls. It only reads and writes the report's PDF:
// recording, importing and settling revenue are the command line's (`prorata revenue …`), so
// nothing it shows goes stale by its own doing.

import { commands } from "../bindings";
import { unwrap } from "../errors";

/** Revenue per month and currency between two months (`2026-01`; null: the last twelve). */
export const revenueReport = (from: string | null, to: string | null) => unwrap(commands.revenueReport(from, to));

/** The program's members' wallets with what each holds. */
export const listWallets = () => unwrap(commands.listWallets(null));

/** One member's wallet with its credits and withdrawals, the newest first. */
export const showWallet = (member: number) => unwrap(commands.showWallet(member));

/** Writes the report of the months as a PDF into a folder: what was written. */
export const writeRevenueReport = (from: string | null, to: string | null, folder: string) =>
  unwrap(commands.writeRevenueReport(from, to, folder));

/** The system's folder dialog: the folder chosen, or null when the user cancels. */
export const chooseFolder = (title: string) => unwrap(commands.chooseFolder(title));
