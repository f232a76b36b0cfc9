// The bank reconciliation panel against a mocked IPC: what an officer sees of an account's
// statement against the ledger, and how the report and the export are written.

import { cleanup, render, screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { clearMocks } from "@tauri-apps/api/mocks";
import { afterEach, expect, test } from "vitest";
import type { BankAccountView, BankReconciliationView } from "../bindings";
import { backend, refused } from "../testing";
import { ReconciliationPanel } from "./ReconciliationPanel";

afterEach(() => {
  cleanup();
  clearMocks();
});

const operating: BankAccountView = {
  id: 1,
  name: "Operating",
  currency: "USD",
  account_number: "•••• 4321",
  iban: false,
  bic: null,
  bank_name: null,
  ledger_account: "bank:1",
};

const view: BankReconciliationView = {
  bank: "Operating",
  currency: "USD",
  account_number: "•••• 4321",
  ledger_account: "bank:1",
  ledger_balance: "-1300.00",
  statement_ref: "S-11",
  statement_imported_at: "2026-12-07T09:00:00.000000Z",
  statement_closing: "-1319.99",
  difference: "-19.99",
  matched: [
    { rule: "end_to_end_id", label: "EndToEndId", outcome: "paid", matches: 12, lines: 12, amount: "1300.00" },
    { rule: "manual", label: "by hand", outcome: "ignored", matches: 1, lines: 1, amount: "4.90" },
  ],
  recent: [
    {
      id: 41,
      rule: "manual",
      label: "by hand",
      outcome: "ignored",
      amount: "4.90",
      reason: "the bank's own charge",
      matched_by: "olga",
      matched_at: "2026-12-07T10:00:00.000000Z",
      lines: [41],
      items: [],
      remittances: [],
    },
  ],
  open: {
    bank: "Operating",
    currency: "USD",
    review_above: "100.00",
    lines: [
      {
        id: 42,
        booked_on: "2026-11-26",
        amount: "19.99",
        kind: "debit",
        bank_reference: "FT-42",
        end_to_end_id: "PRORATA-1-ITEM-7",
        return_reason: null,
        remittance: null,
      },
    ],
    items: [
      { id: 7, batch_id: 3, reference: "PRORATA-1-ITEM-7", amount: "20.00", sent_at: "2026-11-25T09:00:00.000000Z" },
    ],
    remittances: [],
    pending_resolutions: [
      {
        id: 2,
        line_id: 43,
        item_id: 9,
        remittance_id: null,
        ignored: false,
        amount: "1200.00",
        currency: "USD",
        reason: "booked without its reference",
        status: "pending_review",
        resolved_by: "olga",
        resolved_at: "2026-12-07T10:05:00.000000Z",
        reviewed_by: null,
        reviewed_at: null,
        review_note: null,
        review: refused("missing_role", "Needs the approver role"),
      },
    ],
  },
  open_lines_total: "19.99",
  open_items_total: "20.00",
  open_remittances_total: "0.00",
};

test("choosing an account shows its statement against the ledger, the matches by rule and what is open on both sides", async () => {
  const calls = backend({
    list_bank_accounts: () => ({ items: [operating] }),
    bank_reconciliation: () => view,
  });
  const user = userEvent.setup();
  render(<ReconciliationPanel version={0} />);
  expect(screen.getByRole("button", { name: "Write PDF…" }).hasAttribute("disabled")).toBe(true);
  await user.selectOptions(await screen.findByRole("combobox"), "Operating");
  const balances = await screen.findByTestId("reconciliation-balances");
  expect(balances.textContent).toContain("Ledger bank:1-1,300.00 USD");
  expect(balances.textContent).toContain("S-11: closing -1,319.99 USD");
  expect(balances.textContent).toContain("Statement less ledger-19.99 USD");
  expect(calls.find((c) => c.cmd === "bank_reconciliation")?.args.bank).toBe("Operating");
  const rules = within(screen.getByTestId("reconciliation-rules")).getAllByRole("row");
  expect(rules.map((r) => r.textContent)).toEqual([
    "RuleOutcomeMatchesLinesAmount",
    "EndToEndIdpaid12121,300.00 USD",
    "by handignored114.90 USD",
  ]);
  expect(screen.getByTestId("reconciliation-open-lines").textContent).toContain("PRORATA-1-ITEM-7");
  expect(screen.getByTestId("reconciliation-open-items").textContent).toContain("20.00 USD");
  expect(screen.getByText("Every remittance is settled by a credit.")).toBeTruthy();
  const waiting = screen.getByTestId("reconciliation-waiting").textContent;
  expect(waiting, "what the user may do is Rust's word").toContain("Needs the approver role");
  expect(waiting).toContain("payout item 9");
  expect(screen.getByTestId("reconciliation-recent").textContent).toContain("set aside: the bank's own charge");
});

test("the report is written into the folder chosen, and a cancelled choice writes nothing", async () => {
  let folder: string | null = null;
  const calls = backend({
    list_bank_accounts: () => ({ items: [operating] }),
    bank_reconciliation: () => view,
    choose_folder: () => folder,
    write_bank_reconciliation: (args) => ({
      report_id: "BANKREC-1-1-20261207",
      file: `${String(args.folder)}/reconciliation-1-20261207.${String(args.file)}`,
      sha256: "ab".repeat(32),
    }),
  });
  const user = userEvent.setup();
  render(<ReconciliationPanel version={0} />);
  await user.selectOptions(await screen.findByRole("combobox"), "Operating");
  await screen.findByTestId("reconciliation-balances");
  await user.click(screen.getByRole("button", { name: "Export CSV…" }));
  expect(calls.filter((c) => c.cmd === "write_bank_reconciliation")).toHaveLength(0);
  folder = "/home/olga/reports";
  await user.click(screen.getByRole("button", { name: "Write PDF…" }));
  await screen.findByText("BANKREC-1-1-20261207 written to /home/olga/reports/reconciliation-1-20261207.pdf");
  const sent = calls.find((c) => c.cmd === "write_bank_reconciliation")?.args;
  expect(sent).toMatchObject({ bank: "Operating", folder: "/home/olga/reports", file: "pdf" });
});
