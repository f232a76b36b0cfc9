// The window's logic against a mocked IPC: each test plays the Rust side with `mockIPC`
// and checks what the person at the screen sees and what the window asks Rust to do.

import { cleanup, render, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { clearMocks, mockIPC } from "@tauri-apps/api/mocks";
import { afterEach, expect, test } from "vitest";
import { App } from "./App";
import type { DeskStatus, TrialBalanceView, UserView } from "./bindings";

type Handler = (args: Record<string, unknown>) => unknown;

const desk = (needsSetup: boolean): DeskStatus => ({
  needs_setup: needsSetup,
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

const trialBalance: TrialBalanceView = {
  accounts: [
    { account: "cash", currency: "USD", debits: "1234567.80", credits: "0.00" },
    { account: "investor_capital", currency: "USD", debits: "0.00", credits: "1234567.80" },
  ],
  total_debits: { USD: "1234567.80" },
  total_credits: { USD: "1234567.80" },
  difference: { USD: "0.00" },
};

const admin = { user: "ada", program: "main", program_name: "Main", roles: ["admin"] };

const users: UserView[] = [
  { id: 1, name: "ada", email: null, status: "active", roles: ["admin"] },
  { id: 2, name: "bob", email: "b•••@example.org", status: "active", roles: ["officer"] },
];

/** Plays the Rust side: every call is recorded; unknown commands fail loudly. */
function backend(handlers: Record<string, Handler>) {
  const calls: { cmd: string; args: Record<string, unknown> }[] = [];
  mockIPC((cmd, payload) => {
    const args = (payload ?? {}) as Record<string, unknown>;
    calls.push({ cmd, args });
    if (cmd === "screen_shown") {
      return null;
    }
    const handler = handlers[cmd];
    if (handler === undefined) {
      throw { code: "internal", message: `the test did not expect ${cmd}` };
    }
    return handler(args);
  });
  return calls;
}

const signedInBackend = (extra: Record<string, Handler> = {}) =>
  backend({
    desk_status: () => desk(false),
    sign_in: () => ({ session: admin, notice: null }),
    trial_balance: () => trialBalance,
    sign_out: () => null,
    ...extra,
  });

async function signIn() {
  const user = userEvent.setup();
  render(<App />);
  await user.type(await screen.findByLabelText("User"), "ada");
  await user.type(screen.getByLabelText("Password"), "correct horse battery");
  await user.click(screen.getByRole("button", { name: "Sign in" }));
  await screen.findByTestId("who");
  return user;
}

afterEach(() => {
  cleanup();
  clearMocks();
});

test("on first start the window asks for the first admin and the passphrase, then creates the store", async () => {
  const calls = backend({ desk_status: () => desk(true), create_store: () => desk(false) });
  const user = userEvent.setup();
  render(<App />);
  const name = await screen.findByLabelText("First admin's user name");
  await user.clear(name);
  await user.type(name, "ada");
  await user.type(screen.getByLabelText("Password (at least 12 characters)"), "correct horse battery");
  await user.type(screen.getByLabelText("Password again"), "correct horse battery");
  await user.type(screen.getByLabelText("Organisation passphrase (at least 12 characters)"), "a long shared secret");
  await user.type(screen.getByLabelText("Passphrase again"), "a long shared secret");
  await user.click(screen.getByRole("button", { name: "Create the store" }));
  expect(await screen.findByText("The store was created. Sign in as its first admin.")).toBeTruthy();
  expect(calls.find((c) => c.cmd === "create_store")?.args).toEqual({
    admin: "ada",
    password: "correct horse battery",
    passphrase: "a long shared secret",
  });
});

test("two different passphrases are refused before anything is created", async () => {
  const calls = backend({ desk_status: () => desk(true) });
  const user = userEvent.setup();
  render(<App />);
  await user.type(await screen.findByLabelText("Password (at least 12 characters)"), "correct horse battery");
  await user.type(screen.getByLabelText("Password again"), "correct horse battery");
  await user.type(screen.getByLabelText("Organisation passphrase (at least 12 characters)"), "a long shared secret");
  await user.type(screen.getByLabelText("Passphrase again"), "a long shared secreT");
  await user.click(screen.getByRole("button", { name: "Create the store" }));
  expect(screen.getByRole("alert").textContent).toContain("the two passphrases differ");
  expect(
    calls.some((c) => c.cmd === "create_store"),
    "nothing may be created",
  ).toBe(false);
});

test("a wrong password shows a clear refusal, clears the password and stays on the sign-in screen", async () => {
  backend({
    desk_status: () => desk(false),
    sign_in: () => {
      throw { code: "permission_denied", message: "sign-in failed: unknown user or wrong password" };
    },
  });
  const user = userEvent.setup();
  render(<App />);
  await user.type(await screen.findByLabelText("User"), "ada");
  await user.type(screen.getByLabelText("Password"), "not the password");
  await user.click(screen.getByRole("button", { name: "Sign in" }));
  const alert = await screen.findByRole("alert");
  expect(alert.dataset.code).toBe("permission_denied");
  expect(alert.textContent).toContain("Not allowed");
  expect(alert.textContent).toContain("unknown user or wrong password");
  expect((screen.getByLabelText("Password") as HTMLInputElement).value, "a refused password is not kept").toBe("");
});

test("after signing in the trial balance shows exact amounts, right-aligned, with totals and a balanced badge", async () => {
  signedInBackend();
  await signIn();
  const table = await screen.findByTestId("trial-balance");
  const cash = within(table).getByText("cash").closest("tr") as HTMLElement;
  const debit = within(cash).getByText("1,234,567.80");
  expect(debit.className, "figures are right-aligned tabular numbers").toBe("num");
  expect(screen.getByTestId("difference-USD").textContent).toContain("balanced");
  expect(screen.getByTestId("who").textContent).toContain("ada · Main (main) · admin");
});

test("a date the calendar lacks is refused in the window without asking Rust", async () => {
  const calls = signedInBackend();
  const user = await signIn();
  await screen.findByTestId("trial-balance");
  await user.type(screen.getByLabelText(/^As of/), "2026-02-30");
  await user.click(screen.getByRole("button", { name: "Show" }));
  expect((await screen.findByRole("alert")).textContent).toContain("2026-02-30 is not a day of the calendar");
  expect(calls.filter((c) => c.cmd === "trial_balance").length, "only the first load reached Rust").toBe(1);
});

test("sections whose operations come later say so, and Alt+7 opens the audit section", async () => {
  signedInBackend({
    audit_log: () => ({ items: [] }),
    verify_audit: () => ({ records: 12, intact: true }),
  });
  const user = await signIn();
  await user.click(screen.getByRole("button", { name: /Payout batches/ }));
  expect(screen.getByTestId("planned").textContent).toContain("not in this version");
  await user.keyboard("{Alt>}7{/Alt}");
  expect(screen.getByRole("heading", { level: 1 }).textContent).toBe("Audit");
  await user.click(screen.getByRole("button", { name: "Verify the audit chain" }));
  expect((await screen.findByTestId("audit-check")).textContent).toContain("12 records, every link intact");
});

test("disabling a user asks first, restating who; Cancel changes nothing and Confirm sends one keyed request", async () => {
  const calls = signedInBackend({
    list_users: () => ({ items: users }),
    change_user: () => ({ id: 2, user: "bob", change: "disable", changed: true }),
  });
  const user = await signIn();
  await user.click(screen.getByRole("button", { name: "Users" }));
  const row = (await screen.findByText("bob")).closest("tr") as HTMLElement;

  await user.click(within(row).getByRole("button", { name: "Disable…" }));
  const dialog = screen.getByRole("dialog");
  expect(dialog.textContent).toContain("Disable bob?");
  expect(document.activeElement?.textContent, "focus starts on Cancel").toBe("Cancel");
  await user.keyboard("{Escape}");
  expect(screen.queryByRole("dialog")).toBeNull();
  expect(
    calls.some((c) => c.cmd === "change_user"),
    "cancelled: nothing sent",
  ).toBe(false);

  await user.click(within(row).getByRole("button", { name: "Disable…" }));
  await user.click(screen.getByRole("button", { name: "Yes, change" }));
  await screen.findByText("bob: disable done.");
  const sent = calls.filter((c) => c.cmd === "change_user");
  expect(sent.length).toBe(1);
  expect(sent[0].args.name).toBe("bob");
  expect(sent[0].args.change).toEqual({ kind: "disable" });
  expect(String(sent[0].args.idempotencyKey)).toMatch(/^desk-[0-9a-f-]{36}$/);
});

test("the signed-in admin is offered no way to disable themselves", async () => {
  signedInBackend({ list_users: () => ({ items: users }) });
  const user = await signIn();
  await user.click(screen.getByRole("button", { name: "Users" }));
  const own = (await screen.findByText("ada", { selector: "td" })).closest("tr") as HTMLElement;
  expect(within(own).queryByRole("button", { name: "Disable…" })).toBeNull();
});

test("adding a user restates name and roles, and a retry after a failure reuses the same key", async () => {
  let attempts = 0;
  const calls = signedInBackend({
    list_users: () => ({ items: users }),
    add_user: () => {
      attempts += 1;
      if (attempts === 1) {
        throw { code: "internal", message: "database: connection reset" };
      }
      return { id: 3 };
    },
  });
  const user = await signIn();
  await user.click(screen.getByRole("button", { name: "Users" }));
  await user.type(await screen.findByLabelText("User name"), "cleo");
  await user.type(screen.getByLabelText("Password (at least 12 characters)"), "another long password");
  await user.click(screen.getByLabelText(/^approver/));
  await user.click(screen.getByRole("button", { name: "Add user…" }));
  expect(screen.getByRole("dialog").textContent).toContain("Add cleo to program Main with 2 roles: officer, approver");
  await user.click(screen.getByRole("button", { name: "Yes, add" }));
  expect((await screen.findByRole("alert")).textContent).toContain("connection reset");
  await user.click(screen.getByRole("button", { name: "Add user…" }));
  await user.click(screen.getByRole("button", { name: "Yes, add" }));
  await screen.findByText("cleo was added.");
  const keys = calls.filter((c) => c.cmd === "add_user").map((c) => c.args.idempotencyKey);
  expect(keys.length).toBe(2);
  expect(keys[0], "the retry is the same request, so Rust applies it at most once").toBe(keys[1]);
});

test("signing out returns to the sign-in screen", async () => {
  const calls = signedInBackend();
  const user = await signIn();
  await user.click(screen.getByRole("button", { name: "Sign out" }));
  expect(await screen.findByText("You are signed out.")).toBeTruthy();
  await waitFor(() => expect(calls.some((c) => c.cmd === "sign_out")).toBe(true));
});
