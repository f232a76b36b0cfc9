// The trial balance against a mocked IPC, as the main screen opens on it after signing in.

import { cleanup, screen, within } from "@testing-library/react";
import { clearMocks } from "@tauri-apps/api/mocks";
import { afterEach, expect, test } from "vitest";
import { signInTo, signedInBackend } from "../testing";

afterEach(() => {
  cleanup();
  clearMocks();
});

test("after signing in the trial balance shows exact amounts, right-aligned, with totals and a balanced badge", async () => {
  signedInBackend();
  await signInTo("Ledger");
  const table = await screen.findByTestId("trial-balance");
  const receivable = within(table).getByText("deal:1:profit_receivable").closest("tr") as HTMLElement;
  const debit = within(receivable).getByText("1,234,567.80");
  expect(debit.className, "figures are right-aligned tabular numbers").toBe("num");
  expect(screen.getByTestId("difference-USD").textContent).toContain("balanced");
  expect(screen.getByTestId("who").textContent).toContain("ada · Main (main) · admin");
});

test("a date the calendar lacks is refused in the window without asking Rust", async () => {
  const calls = signedInBackend();
  const user = await signInTo("Ledger");
  await screen.findByTestId("trial-balance");
  await user.type(screen.getByLabelText(/^As of/), "2026-02-30");
  await user.click(screen.getByRole("button", { name: "Show" }));
  expect((await screen.findByRole("alert")).textContent).toContain("2026-02-30 is not a day of the calendar");
  expect(calls.filter((c) => c.cmd === "trial_balance").length, "only the first load reached Rust").toBe(1);
});

test("a program with USD and NGN books shows each currency apart, its total right below its own accounts", async () => {
  const account = (code: string, currency: string, debits: string, credits: string) => ({
    account: code,
    name: code === "platform:fee_income" ? "platform fee income" : `bank account ${code.slice(5)}`,
    owner: null,
    currency,
    debits,
    credits,
  });
  signedInBackend({
    trial_balance: () => ({
      accounts: [
        account("platform:fee_income", "NGN", "0.00", "50.00"),
        account("bank:1", "NGN", "50.00", "0.00"),
        account("platform:fee_income", "USD", "0.00", "40.00"),
        account("bank:2", "USD", "40.00", "0.00"),
      ],
      total_debits: { NGN: "50.00", USD: "40.00" },
      total_credits: { NGN: "50.00", USD: "40.00" },
      difference: { NGN: "0.00", USD: "0.00" },
    }),
  });
  await signInTo("Ledger");
  const ngn = await screen.findByTestId("book-NGN");
  const rows = within(ngn)
    .getAllByRole("row")
    .map((row) => Array.from(row.children, (cell) => cell.textContent));
  expect(rows).toEqual([
    ["platform:fee_income", "Platform fee income", "", "NGN", "0.00", "50.00"],
    ["bank:1", "Bank account 1", "", "NGN", "50.00", "0.00"],
    ["Total", "", "", "NGN", "50.00", "50.00"],
  ]);
  const usd = screen.getByTestId("book-USD");
  expect(within(usd).getAllByRole("row").at(-1)?.textContent).toBe("TotalUSD40.0040.00");
  expect(screen.getByTestId("difference-NGN").textContent).toContain("balanced");
  expect(screen.getByTestId("difference-USD").textContent).toContain("balanced");
});

const amalsStatement = (from: string | null) => ({
  account: "investor:3:payable",
  name: "payable to Amal",
  owner: { kind: "investor", id: 3, name: "Amal" },
  currency: "USD",
  normal_side: "credit",
  from,
  to: null,
  opening_balance: from === null ? "0.00" : "312.00",
  closing_balance: "390.00",
  truncated: false,
  lines: [
    {
      entry_id: 8,
      date: "2026-11-25",
      kind: "distribution_posted",
      description: "distribution 2",
      debit: null,
      credit: "78.00",
      balance: "390.00",
    },
  ],
});

test("a row of the trial balance opens its account's statement, named, between its opening and closing balances", async () => {
  const asked: unknown[] = [];
  signedInBackend({
    account_statement: (args) => {
      asked.push(args);
      return amalsStatement((args as { from: string | null }).from);
    },
  });
  const user = await signInTo("Ledger");
  await user.click(await screen.findByRole("button", { name: "Statement of investor:3:payable in USD" }));
  const statement = await screen.findByTestId("statement");
  expect(asked).toEqual([{ account: "investor:3:payable", currency: "USD", from: null, to: null }]);
  expect(screen.getByTestId("statement-of").textContent).toBe(
    "Payable to Amal · investor:3:payable · USD, normally a credit balance · investor Amal",
  );
  const rows = within(statement)
    .getAllByRole("row")
    .map((row) => Array.from(row.children, (cell) => cell.textContent));
  expect(rows[1]).toEqual(["Opening balance", "0.00 USD"]);
  expect(rows.at(-1)).toEqual(["Closing balance", "390.00 USD"]);
  expect((screen.getByLabelText("Account") as HTMLSelectElement).value, "the picker shows the account opened").toBe(
    "investor:3:payable USD",
  );
});

test("an account is picked by its name, and a period's statement opens on the balance before it", async () => {
  const asked: unknown[] = [];
  signedInBackend({
    account_statement: (args) => {
      asked.push(args);
      return amalsStatement((args as { from: string | null }).from);
    },
  });
  const user = await signInTo("Ledger");
  await screen.findByRole("option", { name: "payable to Amal · investor:3:payable · USD" });
  await user.selectOptions(screen.getByLabelText("Account"), "payable to Amal · investor:3:payable · USD");
  await user.type(screen.getByLabelText("From"), "2026-11-25");
  await user.click(screen.getByRole("button", { name: "Show statement" }));
  const statement = await screen.findByTestId("statement");
  expect(asked).toEqual([{ account: "investor:3:payable", currency: "USD", from: "2026-11-25", to: null }]);
  expect(within(statement).getByTestId("opening").textContent).toBe(
    "Opening balance, end of the day before 2026-11-2531" + "2.00 USD",
  );
});

test("showing a statement with no account picked says what to pick and asks Rust nothing", async () => {
  const calls = signedInBackend();
  const user = await signInTo("Ledger");
  await screen.findByRole("option", { name: "payable to Amal · investor:3:payable · USD" });
  await user.click(screen.getByRole("button", { name: "Show statement" }));
  expect((await screen.findByRole("alert")).textContent).toContain("pick the account whose statement to show");
  expect(calls.filter((c) => c.cmd === "account_statement")).toEqual([]);
});

test("the owner named in the trial balance is a link to the party, whose row is marked among the parties", async () => {
  signedInBackend({
    list_deals: () => ({ items: [] }),
    list_partners: () => ({ items: [] }),
    list_investors: () => ({
      items: [
        { id: 2, name: "Bola", email: null },
        { id: 3, name: "Amal", email: null },
      ],
    }),
  });
  const user = await signInTo("Ledger");
  await user.click(await screen.findByRole("button", { name: "Show investor Amal" }));
  const investors = await screen.findByTestId("investors");
  const marked = within(investors).getByText("Amal").closest("tr") as HTMLElement;
  expect(marked.className).toBe("highlight");
  expect(marked.getAttribute("aria-current")).toBe("true");
  expect(document.activeElement, "the marked row takes focus").toBe(marked);
  expect(screen.getByRole("heading", { level: 1 }).textContent).toBe("Deals");
});
