// The main screen against a mocked IPC: its sections, their shortcuts, and signing out.

import { cleanup, screen, waitFor } from "@testing-library/react";
import { clearMocks } from "@tauri-apps/api/mocks";
import { afterEach, expect, test } from "vitest";
import { approver, signIn, signedInBackend } from "../testing";

afterEach(() => {
  cleanup();
  clearMocks();
});

test("an admin lands on the users; the statements say what an admin may do there, and Alt+9 opens the audit section", async () => {
  signedInBackend({
    list_statements: () => ({ items: [] }),
    statement_permits: () => ({
      issue: { allowed: false, refused_by: "missing_role", reason: "Needs the officer role" },
      send: { allowed: false, refused_by: "missing_role", reason: "Needs the officer role" },
    }),
    audit_log: () => ({ items: [] }),
    verify_audit: () => ({ records: 12, intact: true, unkeyed_records: 0, seen_up_to: null }),
  });
  const user = await signIn();
  expect(screen.getByRole("heading", { level: 1 }).textContent).toBe("Users");
  await user.click(screen.getByRole("button", { name: /Statements/ }));
  expect(await screen.findByText("Needs the officer role: you can open, save and print what was issued.")).toBeTruthy();
  await user.keyboard("{Alt>}9{/Alt}");
  expect(screen.getByRole("heading", { level: 1 }).textContent).toBe("Audit");
  await user.click(screen.getByRole("button", { name: "Verify the audit chain" }));
  expect((await screen.findByTestId("audit-check")).textContent).toContain("12 records, every link intact");
});

test("signing out returns to the sign-in screen", async () => {
  const calls = signedInBackend();
  const user = await signIn();
  await user.click(screen.getByRole("button", { name: "Sign out" }));
  expect(await screen.findByText("You are signed out.")).toBeTruthy();
  await waitFor(() => expect(calls.some((c) => c.cmd === "sign_out")).toBe(true));
});

test("an approver lands on the distributions and is offered neither the audit log nor the users", async () => {
  signedInBackend({
    sign_in: () => ({ session: approver, notice: "Welcome back, abe." }),
    list_distributions: () => ({ items: [] }),
    list_deals: () => ({ items: [] }),
    list_partners: () => ({ items: [] }),
    list_investors: () => ({ items: [] }),
  });
  const user = await signIn();
  expect(screen.getByRole("heading", { level: 1 }).textContent).toBe("Distributions");
  const nav = screen.getByRole("navigation", { name: "Sections" });
  const offered = [...nav.querySelectorAll("button")].map((b) => b.dataset.section);
  expect(offered).toEqual([
    "deals",
    "distributions",
    "withdrawals",
    "payout_batches",
    "statements",
    "revenue",
    "commissions",
    "ledger",
  ]);
  expect(screen.getByRole("status").textContent).toBe("Welcome back, abe.");
  await user.click(screen.getByRole("button", { name: "Deals" }));
  expect(screen.queryByText("Welcome back, abe."), "the sign-in notice goes once the user moves on").toBeNull();
  await user.keyboard("{Alt>}9{/Alt}");
  expect(screen.getByRole("heading", { level: 1 }).textContent, "Alt+9 opens nothing more").toBe("Deals");
});
