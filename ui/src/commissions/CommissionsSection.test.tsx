// The commissions section against a mocked IPC: a scheme's grid with inherited rates shown as
// such and its chain, the network's tree with a member's transactions and a transaction's
// parts, and the affiliates' tree with an affiliate's commissions and the program's status.

import { cleanup, render, screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { clearMocks } from "@tauri-apps/api/mocks";
import { afterEach, expect, test } from "vitest";
import type { AffiliateNodeView, NetworkTransactionView, SchemeGridView } from "../bindings";
import { backend } from "../testing";
import { CommissionsSection } from "./CommissionsSection";

afterEach(() => {
  cleanup();
  clearMocks();
});

const cell = (role: string, resolved: string, from: string | null, here = false) => ({
  role,
  resolved,
  set_here: here,
  inherited_from: from,
});

const grid: SchemeGridView = {
  id: 2,
  name: "wl",
  services: [
    {
      service: "recharge",
      cells: [
        cell("admin", "0.05", "root"),
        cell("white_label", "0.04", "root"),
        cell("master_distributor", "0.03", "root"),
        cell("distributor", "0.02", "root"),
        cell("retailer", "0.012", null, true),
        cell("customer", "0", null),
      ],
    },
  ],
};

const txn: NetworkTransactionView = {
  id: 7,
  status: "recorded",
  member_id: 4,
  member: "ravi",
  service: "recharge",
  currency: "INR",
  amount: "1000.00",
  commission_rate: "0.05",
  commission: "50.00",
  reference: null,
  entry_id: 9,
  recorded_by: "olga",
  recorded_at: "2026-11-25T09:00:00.000000Z",
  reversal_entry_id: null,
  reversal_reason: null,
  reversed_by: null,
  reversed_at: null,
  can_reverse: true,
  commissions: [],
};

const node = (id: number, name: string, depth: number, direct: string, over: string): AffiliateNodeView => ({
  id,
  name,
  code: name.toUpperCase(),
  parent_id: depth === 0 ? null : id - 1,
  parent: null,
  depth,
  currency: "USD",
  sales: 1,
  sales_amount: "199.90",
  direct_earned: direct,
  override_earned: over,
});

function commissionsBackend() {
  return backend({
    list_schemes: () => ({
      items: [
        { id: 1, name: "root", parent: null, created_by: "ada", depth: 0 },
        { id: 2, name: "wl", parent: "root", created_by: "olga", depth: 1 },
      ],
    }),
    scheme_grid: () => grid,
    scheme_chain: () => ({
      service: "recharge",
      levels: [
        {
          id: 2,
          name: "wl",
          created_by: "olga",
          rates: grid.services[0].cells.map((c) => ({
            role: c.role,
            set: c.set_here ? c.resolved : null,
            resolved: c.resolved,
          })),
        },
      ],
    }),
    list_network_members: () => ({
      items: [
        {
          id: 1,
          name: "Top",
          role: "admin",
          upline_id: null,
          upline: null,
          scheme: "root",
          depth: 0,
          currency: "INR",
          added_by: "olga",
        },
        {
          id: 4,
          name: "ravi",
          role: "retailer",
          upline_id: 1,
          upline: "Top",
          scheme: "wl",
          depth: 1,
          currency: "INR",
          added_by: "olga",
        },
      ],
    }),
    list_network_transactions: () => ({ items: [txn] }),
    show_network_transaction: () => ({
      ...txn,
      commissions: [
        { member_id: 4, member: "ravi", role: "retailer", margin: "0.012", amount: "12.00" },
        { member_id: 1, member: "Top", role: "admin", margin: "0.038", amount: "38.00" },
      ],
    }),
    program_status: () => ({
      status: "paused",
      reason: "the annual audit",
      changed_by: "ada",
      changed_at: "2026-11-25T09:00:00.000000Z",
      takes_new_business: false,
    }),
    affiliate_tree: () => ({ items: [node(1, "Ana", 0, "0.00", "5.00"), node(2, "Ben", 1, "19.99", "0.00")] }),
    show_affiliate: () => ({
      affiliate: node(2, "Ben", 1, "19.99", "0.00"),
      payable: "19.99",
      available: "19.99",
      children: [],
      commissions: [
        {
          sale_id: 1,
          sold_on: "2026-11-25",
          kind: "direct",
          brought_by: "Ben",
          sale_amount: "199.90",
          rate: "0.1",
          amount: "19.99",
          reference: null,
        },
      ],
    }),
  });
}

test("a scheme's grid shows the rates it sets in bold and each inherited one with the scheme it comes from", async () => {
  const calls = commissionsBackend();
  const user = userEvent.setup();
  render(<CommissionsSection />);
  await user.click(await screen.findByRole("button", { name: "wl" }));
  const table = await screen.findByTestId("scheme-grid");
  const cells = [...within(table).getAllByRole("row")[1].querySelectorAll("td")].map((c) => c.textContent);
  expect(cells.slice(0, 7)).toEqual([
    "recharge",
    "0.05 from root",
    "0.04 from root",
    "0.03 from root",
    "0.02 from root",
    "0.012",
    "0 unset",
  ]);
  expect(within(table).getByText("0.012").tagName).toBe("STRONG");
  expect(calls.find((c) => c.cmd === "scheme_grid")?.args).toMatchObject({ scheme: 2 });
  await user.click(screen.getByRole("button", { name: "Chain of wl for recharge" }));
  const chain = await screen.findByTestId("scheme-chain");
  expect(chain.textContent).toContain("inherit → 0.05");
  expect(calls.find((c) => c.cmd === "scheme_chain")?.args).toMatchObject({ scheme: 2, service: "recharge" });
});

test("a member's transactions open from the network's tree, and a transaction's parts add up to its commission", async () => {
  const calls = commissionsBackend();
  const user = userEvent.setup();
  render(<CommissionsSection />);
  const tree = await screen.findByTestId("network-tree");
  expect(tree.textContent).toContain("ravi retailer · scheme wl · INR");
  await user.click(screen.getByRole("button", { name: "Transactions of ravi" }));
  const table = await screen.findByTestId("network-transactions");
  expect(within(table).getAllByRole("row")[1].textContent).toContain("1,000.00 INR50.00 INR");
  expect(calls.find((c) => c.cmd === "list_network_transactions")?.args).toMatchObject({ member: 4 });
  await user.click(screen.getByRole("button", { name: "Parts of transaction 7" }));
  const parts = await screen.findByTestId("network-parts");
  const rows = within(parts)
    .getAllByRole("row")
    .slice(1)
    .map((r) => [...r.querySelectorAll("td")].map((c) => c.textContent));
  expect(rows).toEqual([
    ["ravi", "retailer", "0.012", "12.00 INR"],
    ["Top", "admin", "0.038", "38.00 INR"],
  ]);
});

test("the affiliates' tree says the program is paused, and an affiliate's commissions open with its payable", async () => {
  commissionsBackend();
  const user = userEvent.setup();
  render(<CommissionsSection />);
  expect((await screen.findByTestId("program-status")).textContent).toBe(
    "The program is paused (the annual audit): it takes no new business.",
  );
  const tree = screen.getByTestId("affiliate-tree");
  expect(within(tree).getAllByRole("row")[2].textContent).toContain("BenBEN1199.90 USD19.990.00");
  await user.click(screen.getByRole("button", { name: "Commissions of Ben" }));
  expect((await screen.findByTestId("affiliate-payable")).textContent).toBe(
    "Payable 19.99 USD, 19.99 available to withdraw.",
  );
  expect(screen.getByTestId("affiliate-commissions").textContent).toContain("direct");
});

test("an empty program says how schemes, members and affiliates come to be", async () => {
  backend({
    list_schemes: () => ({ items: [] }),
    list_network_members: () => ({ items: [] }),
    program_status: () => ({
      status: "active",
      reason: null,
      changed_by: null,
      changed_at: null,
      takes_new_business: true,
    }),
    affiliate_tree: () => ({ items: [] }),
  });
  render(<CommissionsSection />);
  expect(await screen.findByText("No scheme yet: an admin adds the root with `prorata scheme add`.")).toBeTruthy();
  expect(await screen.findByText("The network has no member yet.")).toBeTruthy();
  expect(await screen.findByText("No affiliate yet.")).toBeTruthy();
  expect(screen.getByTestId("program-status").textContent).toBe(
    "The program is active: it takes new sales and transactions.",
  );
});
