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
  const cash = within(table).getByText("cash").closest("tr") as HTMLElement;
  const debit = within(cash).getByText("1,234,567.80");
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
  signedInBackend({
    trial_balance: () => ({
      accounts: [
        { account: "platform:fee_income", currency: "NGN", debits: "0.00", credits: "50.00" },
        { account: "bank:1", currency: "NGN", debits: "50.00", credits: "0.00" },
        { account: "platform:fee_income", currency: "USD", debits: "0.00", credits: "40.00" },
        { account: "bank:2", currency: "USD", debits: "40.00", credits: "0.00" },
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
    ["platform:fee_income", "NGN", "0.00", "50.00"],
    ["bank:1", "NGN", "50.00", "0.00"],
    ["Total", "NGN", "50.00", "50.00"],
  ]);
  const usd = screen.getByTestId("book-USD");
  expect(within(usd).getAllByRole("row").at(-1)?.textContent).toBe("TotalUSD40.0040.00");
  expect(screen.getByTestId("difference-NGN").textContent).toContain("balanced");
  expect(screen.getByTestId("difference-USD").textContent).toContain("balanced");
});

test("the account statement asks for the book of the currency typed, and an ambiguous code is refused by Rust's words", async () => {
  const asked: unknown[] = [];
  signedInBackend({
    account_statement: (args) => {
      asked.push(args);
      const currency = (args as { currency: string | null }).currency;
      if (currency === null) {
        throw { code: "validation", message: "account platform:fee_income is kept in NGN and USD: name the currency" };
      }
      return { account: "platform:fee_income", currency, normal_side: "credit", lines: [] };
    },
  });
  const user = await signInTo("Ledger");
  await user.type(screen.getByLabelText("Account"), "platform:fee_income");
  await user.click(screen.getByRole("button", { name: "Show statement" }));
  expect((await screen.findByRole("alert")).textContent).toContain("kept in NGN and USD: name the currency");
  await user.type(screen.getByLabelText(/^Currency/), "NGN");
  await user.click(screen.getByRole("button", { name: "Show statement" }));
  expect((await screen.findByTestId("statement")).textContent).toContain("platform:fee_income in NGN");
  expect(asked.map((a) => (a as { currency: string | null }).currency)).toEqual([null, "NGN"]);
});
