// What the Vitest tests share: a mocked Rust side that records every call, and the signed-in
// window those of the main screen start from.

import { render, screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { mockIPC } from "@tauri-apps/api/mocks";
import { App } from "./App";
import type { DeskStatus, Permit, Refusal, Section, SessionView, TrialBalanceView } from "./bindings";

export type Handler = (args: Record<string, unknown>) => unknown;

export interface Call {
  cmd: string;
  args: Record<string, unknown>;
}

/** Plays the Rust side: every call is recorded; unknown commands fail loudly. */
export function backend(handlers: Record<string, Handler>): Call[] {
  const calls: Call[] = [];
  mockIPC((cmd, payload) => {
    const args = (payload ?? {}) as Record<string, unknown>;
    calls.push({ cmd, args });
    const handler = handlers[cmd];
    if (handler === undefined) {
      throw { code: "internal", message: `the test did not expect ${cmd}` };
    }
    return handler(args);
  });
  return calls;
}

export const desk = (needsSetup: boolean): DeskStatus => ({
  needs_setup: needsSetup,
  notice: null,
  store: {
    kind: "local",
    location: "/home/ada/.local/share/prorata",
    server: needsSetup ? "not_initialised" : "running",
    server_pid: null,
    server_version: null,
    migration_version: null,
    migration_description: null,
    up_to_date: null,
  },
});

/** The Rust side of the whole window: the start-up benchmark's call is answered too. */
export const windowBackend = (handlers: Record<string, Handler>) => backend({ screen_shown: () => null, ...handlers });

export const trialBalance: TrialBalanceView = {
  accounts: [
    {
      account: "deal:1:profit_receivable",
      name: "profit receivable of Phones",
      owner: { kind: "deal", id: 1, name: "Phones" },
      currency: "USD",
      debits: "1234567.80",
      credits: "0.00",
    },
    {
      account: "investor:3:payable",
      name: "payable to Amal",
      owner: { kind: "investor", id: 3, name: "Amal" },
      currency: "USD",
      debits: "0.00",
      credits: "1234567.80",
    },
  ],
  total_debits: { USD: "1234567.80" },
  total_credits: { USD: "1234567.80" },
  difference: { USD: "0.00" },
};

const EVERY_SECTION: Section[] = [
  "deals",
  "distributions",
  "withdrawals",
  "payout_batches",
  "statements",
  "revenue",
  "commissions",
  "ledger",
  "audit",
  "users",
];
/** The sections Rust offers an officer or an approver: all but the audit log and the users. */
const WORK_SECTIONS = EVERY_SECTION.filter((s) => s !== "audit" && s !== "users");

export const admin: SessionView = {
  user: "ada",
  program: "main",
  program_name: "Main",
  roles: ["admin"],
  sections: EVERY_SECTION,
  landing: "users",
  second_factor_required: false,
};

/** A store that exists, where ada signs in as admin and the main screen opens on the users. */
export const signedInBackend = (extra: Record<string, Handler> = {}) =>
  windowBackend({
    desk_status: () => desk(false),
    sign_in: () => ({ session: admin, notice: null }),
    trial_balance: () => trialBalance,
    list_accounts: () =>
      trialBalance.accounts.map(({ account, currency, name, owner }) => ({ account, currency, name, owner })),
    list_users: () => ({
      items: [{ id: 1, name: "ada", email: null, status: "active", roles: ["admin"], second_factor: "not_set_up" }],
    }),
    sign_out: () => null,
    ...extra,
  });

/** Opens the window and signs in as ada; the main screen is on show when it returns. */
export async function signIn() {
  const user = userEvent.setup();
  render(<App />);
  await user.type(await screen.findByLabelText("User"), "ada");
  await user.type(screen.getByLabelText("Password"), "correct horse battery");
  await user.click(screen.getByRole("button", { name: "Sign in" }));
  await screen.findByTestId("who");
  return user;
}

/** Signs in as ada and opens the section labelled `label`. */
export async function signInTo(label: string) {
  const user = await signIn();
  await user.click(screen.getByRole("button", { name: new RegExp(`^${label}`) }));
  return user;
}

export const approver: SessionView = {
  user: "abe",
  program: "main",
  program_name: "Main",
  roles: ["approver"],
  sections: WORK_SECTIONS,
  landing: "distributions",
  second_factor_required: false,
};

export const officer: SessionView = {
  user: "olga",
  program: "main",
  program_name: "Main",
  roles: ["officer"],
  sections: WORK_SECTIONS,
  landing: "deals",
  second_factor_required: false,
};

/** A permit as Rust sends it for an action the signed-in user may take. */
export const allowed: Permit = { allowed: true, refused_by: null, reason: null };

/** A permit as Rust sends it for an action refused, with what stands in the way and why. */
export function refused(by: Refusal, reason: string): Permit {
  return { allowed: false, refused_by: by, reason };
}
