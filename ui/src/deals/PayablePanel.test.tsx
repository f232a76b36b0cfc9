// An investor's payable against a mocked IPC: posted, held by pending withdrawals, available.

import { cleanup, render, screen } from "@testing-library/react";
import { clearMocks } from "@tauri-apps/api/mocks";
import { afterEach, expect, test } from "vitest";
import { backend } from "../testing";
import { PayablePanel } from "./PayablePanel";

afterEach(() => {
  cleanup();
  clearMocks();
});

test("an investor's payable shows what is owed, what pending withdrawals hold and what is available, per currency", async () => {
  const calls = backend({
    payee_balances: () => ({
      items: [
        {
          account: "investor:3:payable",
          currency: "NGN",
          balance: "1500000.00",
          pending: "0.00",
          available: "1500000.00",
        },
        { account: "investor:3:payable", currency: "USD", balance: "312.00", pending: "100.00", available: "212.00" },
      ],
    }),
  });
  render(<PayablePanel party={{ kind: "investor", id: 3 }} name="Amal" />);
  const table = await screen.findByTestId("payable-balances");
  const rows = Array.from(table.querySelectorAll("tbody tr")).map((r) =>
    Array.from(r.querySelectorAll("td")).map((c) => c.textContent),
  );
  expect(rows.map((r) => r.slice(0, 4))).toEqual([
    ["investor:3:payable", "1,500,000.00 NGN", "0.00 NGN", "1,500,000.00 NGN"],
    ["investor:3:payable", "312.00 USD", "100.00 USD", "212.00 USD"],
  ]);
  expect(screen.getByRole("heading", { level: 2 }).textContent).toBe("Owed to Amal");
  expect(calls[0]).toEqual({ cmd: "payee_balances", args: { kind: "investor", id: 3 } });
});

test("a party never credited is told nothing is owed yet", async () => {
  backend({ payee_balances: () => ({ items: [] }) });
  render(<PayablePanel party={{ kind: "partner", id: 1 }} name="Mobile Traders" />);
  expect(await screen.findByText("Nothing is owed to Mobile Traders yet.")).toBeTruthy();
});
