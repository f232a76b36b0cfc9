// The withdrawal queue and the payout batches against a mocked IPC: what the reviewer and the
// batch's builder see, and what the window asks Rust to do.

import { cleanup, render, screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { clearMocks } from "@tauri-apps/api/mocks";
import { afterEach, expect, test } from "vitest";
import type { BankAccountView, BatchView, PayoutItemView, WithdrawalView } from "../bindings";
import { allowed, approver, backend, officer, refused } from "../testing";
import { BatchesSection } from "./BatchesSection";
import { WithdrawalsSection } from "./WithdrawalsSection";

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
  bic: "CHASUS33",
  bank_name: "Chase",
  ledger_account: "bank:1",
};

function withdrawal(id: number, overrides: Partial<WithdrawalView> = {}): WithdrawalView {
  return {
    id,
    status: "pending",
    payee: "investor:3:payable",
    payee_name: "payable to Amal",
    payee_record: { kind: "investor", id: 3, name: "Amal" },
    currency: "USD",
    amount: "100.00",
    bank_account: "•••• 6789",
    bank_name: "First Bank",
    iban: false,
    allocation_id: null,
    payee_balance: "312.00",
    payee_pending: "100.00",
    payee_available: "212.00",
    hold_entry_id: 40,
    requested_by: "olga",
    requested_at: "2026-12-01T09:00:00.000000Z",
    decided_by: null,
    decided_at: null,
    reject_reason: null,
    cancelled_by: null,
    cancelled_at: null,
    // What Rust says of a pending request to an approver who did not enter it.
    permits: { approve: allowed, reject: allowed, cancel: allowed, reveal: allowed },
    ...overrides,
  };
}

function item(id: number, overrides: Partial<PayoutItemView> = {}): PayoutItemView {
  return {
    id,
    withdrawal_id: id,
    amount: "100.00",
    status: "queued",
    reference: `PRORATA-7-${id}`,
    bank_reference: null,
    failure_reason: null,
    confirm: refused("state", "It is queued: only an item sent to the bank is confirmed"),
    ...overrides,
  };
}

const notNow = refused("state", "It is pending approval");

function batch(overrides: Partial<BatchView> = {}): BatchView {
  return {
    id: 7,
    status: "pending_approval",
    currency: "USD",
    bank_id: 1,
    bank: "Operating",
    bank_account: "•••• 4321",
    total: "1312.50",
    count: 2,
    created_by: "olga",
    created_at: "2026-12-01T10:00:00.000000Z",
    approved_by: null,
    rejected_by: null,
    reject_reason: null,
    cancelled_by: null,
    cancel_reason: null,
    executed_by: null,
    executed_at: null,
    items: [item(1), item(2, { amount: "1212.50" })],
    files: [],
    permits: { add: notNow, submit: notNow, approve: allowed, reject: allowed, cancel: allowed, execute: notNow },
    ...overrides,
  };
}

test("the review queue shows masked bank details and the payee's available balance, and approval restates them before it is sent", async () => {
  const calls = backend({
    list_withdrawals: () => ({ items: [withdrawal(4)] }),
    approve_withdrawal: () => ({ id: 4 }),
  });
  const user = userEvent.setup();
  render(<WithdrawalsSection />);
  const table = await screen.findByTestId("withdrawals");
  expect(table.textContent).toContain("First Bank •••• 6789");
  expect(table.textContent).toContain("212.00 USD");
  expect(table.textContent).not.toContain("123456789");
  expect(calls[0]).toEqual({ cmd: "list_withdrawals", args: { status: "pending" } });
  await user.click(screen.getByRole("button", { name: "Approve…" }));
  expect(screen.getByTestId("act-restated").textContent).toBe(
    "Approve withdrawal 4: 100.00 USD to Amal (First Bank •••• 6789)? Amal has 212.00 USD available beside the requests already held.",
  );
  await user.click(screen.getByRole("button", { name: "Yes, approve" }));
  expect(await screen.findByText("Withdrawal 4 is approved.")).toBeTruthy();
  const sent = calls.find((c) => c.cmd === "approve_withdrawal");
  expect(sent?.args.id).toBe(4);
  expect(String(sent?.args.idempotencyKey)).toMatch(/^desk-/);
  expect(calls.filter((c) => c.cmd === "list_withdrawals").length, "the queue is read again").toBe(2);
});

test("a request the reviewer entered offers no approval and says that a second person decides it", async () => {
  const own = refused("maker_checker", "You entered this request, so a second person decides it");
  backend({
    list_withdrawals: () => ({
      items: [withdrawal(4, { permits: { approve: own, reject: own, cancel: allowed, reveal: allowed } })],
    }),
  });
  render(<WithdrawalsSection />);
  const table = await screen.findByTestId("withdrawals");
  expect(within(table).queryByRole("button", { name: "Approve…" })).toBeNull();
  expect(within(table).queryByRole("button", { name: "Reject…" })).toBeNull();
  expect(table.textContent).toContain("You entered this request, so a second person decides it.");
});

test("rejecting a request asks for its reason and sends nothing until one is written", async () => {
  const calls = backend({
    list_withdrawals: () => ({ items: [withdrawal(4)] }),
    reject_withdrawal: () => ({ id: 4 }),
  });
  const user = userEvent.setup();
  render(<WithdrawalsSection />);
  await user.click(await screen.findByRole("button", { name: "Reject…" }));
  const yes = screen.getByRole("button", { name: "Yes, reject" }) as HTMLButtonElement;
  expect(yes.disabled, "no reason, no rejection").toBe(true);
  await user.type(screen.getByLabelText("Reason for rejecting"), "account name does not match");
  await user.click(yes);
  await screen.findByText("Withdrawal 4 is rejected; its hold is released.");
  expect(calls.find((c) => c.cmd === "reject_withdrawal")?.args.reason).toBe("account name does not match");
});

test("a refused decision is shown with Rust's words and the queue stays as it was", async () => {
  backend({
    list_withdrawals: () => ({ items: [withdrawal(4)] }),
    approve_withdrawal: () => {
      throw { code: "conflict", message: "withdrawal 4 is cancelled: only a pending request is decided" };
    },
  });
  const user = userEvent.setup();
  render(<WithdrawalsSection />);
  await user.click(await screen.findByRole("button", { name: "Approve…" }));
  await user.click(screen.getByRole("button", { name: "Yes, approve" }));
  const alert = await screen.findByRole("alert");
  expect(alert.textContent).toContain("withdrawal 4 is cancelled: only a pending request is decided");
});

test("the batch builder keeps a running total of the picked withdrawals in the bank's currency and builds the draft under derived keys", async () => {
  const calls = backend({
    list_batches: () => ({ items: [] }),
    list_bank_accounts: () => ({ items: [operating] }),
    list_withdrawals: () => ({
      items: [
        withdrawal(4, { status: "approved", amount: "100.10" }),
        withdrawal(5, {
          status: "approved",
          amount: "1212.45",
          payee_name: "payable to Bruno",
          payee_record: { kind: "investor", id: 4, name: "Bruno" },
        }),
        withdrawal(6, { status: "approved", currency: "NGN", amount: "5000.00" }),
      ],
    }),
    create_batch: () => ({ id: 7 }),
    add_to_batch: () => ({ id: 7 }),
  });
  const user = userEvent.setup();
  render(<BatchesSection session={officer} />);
  const candidates = await screen.findByTestId("batch-candidates");
  expect(candidates.textContent, "only the bank's currency is offered").not.toContain("NGN");
  expect(screen.getByTestId("picked-total").textContent).toBe("Picked: 0 withdrawals, nothing");
  await user.click(screen.getByLabelText("Pick withdrawal 4"));
  await user.click(screen.getByLabelText("Pick withdrawal 5"));
  expect(screen.getByTestId("picked-total").textContent, "summed exactly, never through a float").toBe(
    "Picked: 2 withdrawals, 1,312.55 USD",
  );
  await user.click(screen.getByRole("button", { name: "Build the draft…" }));
  expect(screen.getByTestId("act-restated").textContent).toBe(
    "Build a draft batch paid from Operating (•••• 4321) with 2 withdrawals, 1,312.55 USD?",
  );
  await user.click(screen.getByRole("button", { name: "Yes, build the draft" }));
  await screen.findByText("Draft batch 7 holds 2 withdrawals, 1,312.55 USD.");
  const created = calls.find((c) => c.cmd === "create_batch");
  const added = calls.find((c) => c.cmd === "add_to_batch");
  expect(created?.args.bank).toBe("1");
  expect(added?.args.batch).toBe(7);
  expect(added?.args.withdrawals).toEqual([4, 5]);
  expect(String(added?.args.idempotencyKey)).toBe(
    `${String(created?.args.idempotencyKey).replace(/:create$/, "")}:add`,
  );
});

test("the approval screen restates count, total and the debtor account before the approver approves", async () => {
  const calls = backend({
    list_batches: () => ({ items: [batch()] }),
    show_batch: () => batch(),
    approve_batch: () => ({ id: 7 }),
  });
  const user = userEvent.setup();
  render(<BatchesSection session={approver} />);
  await user.click(await screen.findByRole("button", { name: "Open batch 7" }));
  const facts = await screen.findByTestId("batch-facts");
  expect(facts.textContent).toContain("Payments2");
  expect(facts.textContent).toContain("Total1,312.50 USD");
  expect(facts.textContent).toContain("Paid fromOperating •••• 4321");
  await user.click(screen.getByRole("button", { name: "Approve the batch…" }));
  expect(screen.getByTestId("act-restated").textContent).toBe(
    "Approve batch 7: 2 payments, 1,312.50 USD from Operating? Once approved it may be executed into the bank's files.",
  );
  await user.click(screen.getByRole("button", { name: "Yes, approve the batch" }));
  await screen.findByText("Batch 7 is approved.");
  expect(calls.find((c) => c.cmd === "approve_batch")?.args.batch).toBe(7);
});

test("the batch's builder is offered no approval and is told a second person approves it", async () => {
  const own = refused("maker_checker", "You built this batch, so a second person approves it");
  const mine = batch({
    permits: { add: notNow, submit: notNow, approve: own, reject: allowed, cancel: allowed, execute: notNow },
  });
  backend({
    list_batches: () => ({ items: [mine] }),
    show_batch: () => mine,
    list_bank_accounts: () => ({ items: [] }),
    list_withdrawals: () => ({ items: [] }),
  });
  const user = userEvent.setup();
  render(<BatchesSection session={{ ...officer, roles: ["officer", "approver"] }} />);
  await user.click(await screen.findByRole("button", { name: "Open batch 7" }));
  expect((await screen.findByTestId("second-person")).textContent).toBe(
    "You built this batch, so a second person approves it.",
  );
  expect(screen.queryByRole("button", { name: "Approve the batch…" })).toBeNull();
});

test("executing writes into the folder typed or chosen and names the files; executing again says nothing new was written", async () => {
  const approved = batch({
    status: "approved",
    approved_by: "abe",
    permits: { add: notNow, submit: notNow, approve: notNow, reject: notNow, cancel: allowed, execute: allowed },
  });
  const files = [
    { name: "batch-7.csv", sha256: "ab".repeat(32), size_bytes: 310 },
    { name: "batch-7.pain.001.xml", sha256: "cd".repeat(32), size_bytes: 2400 },
  ];
  let written = true;
  const calls = backend({
    list_batches: () => ({ items: [approved] }),
    show_batch: () => approved,
    choose_folder: () => "/home/abe/bank",
    execute_batch: () => {
      const done = { id: 7, written, files };
      written = false;
      return done;
    },
  });
  const user = userEvent.setup();
  render(<BatchesSection session={approver} />);
  await user.click(await screen.findByRole("button", { name: "Open batch 7" }));
  const execute = (await screen.findByRole("button", { name: "Execute…" })) as HTMLButtonElement;
  expect(execute.disabled, "no folder, no files").toBe(true);
  await user.click(screen.getByRole("button", { name: "Choose folder…" }));
  expect(await screen.findByDisplayValue("/home/abe/bank")).toBeTruthy();
  await user.click(execute);
  expect(screen.getByTestId("act-restated").textContent).toBe(
    "Write the bank's files of batch 7: 2 payments, 1,312.50 USD from Operating into /home/abe/bank?",
  );
  await user.click(screen.getByRole("button", { name: "Yes, write the files" }));
  await screen.findByText("Wrote batch-7.csv and batch-7.pain.001.xml into /home/abe/bank.");
  expect(calls.find((c) => c.cmd === "execute_batch")?.args).toMatchObject({ batch: 7, folder: "/home/abe/bank" });
  await user.click(await screen.findByRole("button", { name: "Execute…" }));
  await user.clear(screen.getByLabelText("Folder for the bank's files"));
  await user.type(screen.getByLabelText("Folder for the bank's files"), "/tmp/again");
  await user.click(screen.getByRole("button", { name: "Execute…" }));
  await user.click(screen.getByRole("button", { name: "Yes, write the files" }));
  await screen.findByText(
    "Batch 7 was executed before: nothing new was written; it issued batch-7.csv and batch-7.pain.001.xml.",
  );
});

test("a sent item is confirmed paid with the bank's reference, or failed with the bank's reason", async () => {
  const sent = { confirm: allowed, status: "sent" as const };
  const executed = batch({
    status: "executed",
    items: [item(1, sent), item(2, { ...sent, amount: "1212.50" })],
    files: [{ name: "batch-7.csv", sha256: "ab".repeat(32), size_bytes: 310 }],
    permits: { add: notNow, submit: notNow, approve: notNow, reject: notNow, cancel: notNow, execute: allowed },
  });
  const calls = backend({
    list_batches: () => ({ items: [executed] }),
    show_batch: () => executed,
    confirm_paid: () => ({ id: 1 }),
    confirm_failed: () => ({ id: 2 }),
  });
  const user = userEvent.setup();
  render(<BatchesSection session={approver} />);
  await user.click(await screen.findByRole("button", { name: "Open batch 7" }));
  expect((await screen.findByTestId("batch-files")).textContent).toContain("batch-7.csv310");
  const [first] = within(screen.getByTestId("batch-items")).getAllByRole("button", { name: "Paid…" });
  await user.click(first);
  await user.type(screen.getByLabelText("The bank's reference"), "FT2612010001");
  await user.click(screen.getByRole("button", { name: "Yes, it was paid" }));
  await screen.findByText("Item 1 is paid.");
  expect(calls.find((c) => c.cmd === "confirm_paid")?.args).toMatchObject({ item: 1, reference: "FT2612010001" });
  const failed = within(await screen.findByTestId("batch-items")).getAllByRole("button", { name: "Failed…" })[1];
  await user.click(failed);
  await user.type(screen.getByLabelText("Why the bank did not pay"), "account closed");
  await user.click(screen.getByRole("button", { name: "Yes, it failed" }));
  await screen.findByText("Item 2 failed; its withdrawal's money is available again.");
  expect(calls.find((c) => c.cmd === "confirm_failed")?.args).toMatchObject({ item: 2, reason: "account closed" });
});

test("where the program asks for a second factor, approving a batch asks for the authenticator's code and sends it", async () => {
  const calls = backend({
    list_batches: () => ({ items: [batch()] }),
    show_batch: () => batch(),
    approve_batch: () => ({ id: 7 }),
  });
  const user = userEvent.setup();
  render(<BatchesSection session={{ ...approver, second_factor_required: true }} />);
  await user.click(await screen.findByRole("button", { name: "Open batch 7" }));
  await user.click(await screen.findByRole("button", { name: "Approve the batch…" }));
  const send = screen.getByRole("button", { name: "Yes, approve the batch" });
  expect((send as HTMLButtonElement).disabled, "nothing is sent without a code").toBe(true);
  await user.type(screen.getByLabelText("Code from your authenticator"), "123 456");
  await user.click(send);
  await screen.findByText("Batch 7 is approved.");
  const sent = calls.find((c) => c.cmd === "approve_batch")?.args;
  expect(sent?.code).toBe("123456");
  expect(sent?.batch).toBe(7);
});

test("when Rust answers that a code is needed, the next approval asks for one", async () => {
  let answered = false;
  const calls = backend({
    list_batches: () => ({ items: [batch()] }),
    list_bank_accounts: () => ({ items: [operating] }),
    show_batch: () => batch(),
    approve_batch: () => {
      if (!answered) {
        answered = true;
        throw { code: "second_factor_required", message: "a fresh code from your authenticator is needed" };
      }
      return { id: 7 };
    },
  });
  const user = userEvent.setup();
  render(<BatchesSection session={approver} />);
  await user.click(await screen.findByRole("button", { name: "Open batch 7" }));
  await user.click(await screen.findByRole("button", { name: "Approve the batch…" }));
  expect(screen.queryByLabelText("Code from your authenticator"), "the program did not ask at sign-in").toBeNull();
  await user.click(screen.getByRole("button", { name: "Yes, approve the batch" }));
  expect((await screen.findByRole("alert")).textContent).toContain("A code from your authenticator is needed");
  await user.click(await screen.findByRole("button", { name: "Approve the batch…" }));
  await user.type(screen.getByLabelText("Code from your authenticator"), "654321");
  await user.click(screen.getByRole("button", { name: "Yes, approve the batch" }));
  await screen.findByText("Batch 7 is approved.");
  expect(calls.filter((c) => c.cmd === "approve_batch").map((c) => c.args.code)).toEqual([null, "654321"]);
});
