// A deal's LP events against a mocked IPC: the history with each payment position, an event
// drafted, one opened with its snapshot and allocations (searched and sorted), the acts Rust
// permits restated before they are sent, and an investor's allocations.

import { cleanup, render, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { clearMocks } from "@tauri-apps/api/mocks";
import { afterEach, expect, test } from "vitest";
import type { AllocationView, DealEventsView, EventPermits, EventView } from "../bindings";
import { allowed, backend, refused } from "../testing";
import { EventsPanel } from "./EventsPanel";
import { InvestorAllocations } from "./InvestorAllocations";

afterEach(() => {
  cleanup();
  clearMocks();
});

const totals = { allocated: "1000.00", withdrawn: "100.00", pending: "66.67", available: "833.33" };

const list = (draft = allowed): DealEventsView => ({
  items: [
    {
      id: 4,
      status: "active",
      type: "exit",
      title: "Sale of the stock",
      deal_id: 1,
      deal: "Phones",
      currency: "USD",
      total: "1000.00",
      distribution_date: "2026-11-20",
      snapshot_date: "2026-11-20",
      totals,
    },
  ],
  draft,
});

const allocation = (id: number, investor: string, units: string, amount: string): AllocationView => ({
  id,
  event_id: 4,
  event_title: "Sale of the stock",
  event_status: "active",
  deal_id: 1,
  deal: "Phones",
  investor_id: id,
  investor,
  currency: "USD",
  units,
  ownership: "",
  amount,
  withdrawn: "0.00",
  pending: "0.00",
  available: amount,
  status: "allocated",
});

const noActs: EventPermits = {
  calculate: refused("state", "It is active: only a draft is calculated"),
  approve: refused("state", "It is active: only a calculated event is approved"),
  complete: allowed,
  cancel: refused("state", "Money was withdrawn or is pending against its allocations"),
};

const event = (permits: EventPermits = noActs, status: EventView["status"] = "active"): EventView => ({
  id: 4,
  status,
  type: "exit",
  title: "Sale of the stock",
  description: null,
  deal_id: 1,
  deal: "Phones",
  currency: "USD",
  total: "1000.00",
  distribution_date: "2026-11-20",
  snapshot_date: "2026-11-20",
  total_units: "600.0000000",
  amount_per_unit: "1.6666667",
  created_by: "olga",
  calculated_by: "olga",
  approved_by: "abe",
  journal_entry_ids: [12],
  completed_by: null,
  cancelled_by: null,
  cancel_reason: null,
  totals,
  allocations: [
    allocation(1, "Amal", "100.0000000", "166.67"),
    allocation(2, "Bola", "200.0000000", "333.33"),
    allocation(3, "Chen", "300.0000000", "500.00"),
  ],
  permits,
});

test("the deal's events show their payment position, and an officer drafts one with its key", async () => {
  const calls = backend({ deal_events: () => list(), create_event: () => ({ id: 5 }) });
  const user = userEvent.setup();
  render(<EventsPanel deal={1} />);
  const table = await screen.findByTestId("events");
  expect(table.textContent).toContain("Sale of the stock");
  expect(table.textContent).toContain("833.33");
  await user.selectOptions(screen.getByLabelText("Type"), "dividend");
  await user.type(screen.getByLabelText("Title"), "Q4 dividend");
  await user.type(screen.getByLabelText("Total to share"), "25,000.00");
  await user.type(screen.getByLabelText("Distribution date"), "2026-12-01");
  await user.click(screen.getByRole("button", { name: "Draft event" }));
  expect(await screen.findByText("Event 5 drafted: Q4 dividend")).toBeTruthy();
  const sent = calls.find((c) => c.cmd === "create_event");
  expect(sent?.args).toMatchObject({ deal: 1, kind: "dividend", title: "Q4 dividend", amount: "25,000.00" });
  expect(String(sent?.args.idempotencyKey)).toMatch(/^desk-/);
});

test("a user who may not draft is not offered the form", async () => {
  backend({ deal_events: () => list(refused("missing_role", "Needs the officer role")) });
  render(<EventsPanel deal={1} />);
  await screen.findByTestId("events");
  expect(screen.queryByRole("button", { name: "Draft event" })).toBeNull();
});

test("an opened event shows its snapshot and its allocations, searched and sorted exactly", async () => {
  backend({ deal_events: () => list(), show_event: () => event() });
  const user = userEvent.setup();
  render(<EventsPanel deal={1} />);
  await user.click(await screen.findByRole("button", { name: "Open Sale of the stock" }));
  expect((await screen.findByTestId("event-snapshot")).textContent).toBe(
    "Snapshot at the end of 2026-11-20: 600.0000000 units, 1.6666667 USD a unit.",
  );
  expect(screen.getByRole("img").getAttribute("aria-label")).toBe(
    "Allocated 1,000.00 USD: withdrawn 100.00, pending 66.67, available 833.33",
  );
  const table = screen.getByTestId("allocations");
  const investors = () =>
    within(table)
      .getAllByRole("row")
      .slice(1)
      .map((r) => (r as HTMLTableRowElement).cells[0].textContent);
  expect(investors()).toEqual(["Amal", "Bola", "Chen"]);
  await user.click(within(table).getByRole("button", { name: "Allocated" }));
  await user.click(within(table).getByRole("button", { name: "Allocated" }));
  expect(investors()).toEqual(["Chen", "Bola", "Amal"]);
  await user.type(screen.getByLabelText("Find an investor"), "bo");
  expect(investors()).toEqual(["Bola"]);
  expect(screen.getByText("1 of 3 allocations")).toBeTruthy();
});

test("only the acts Rust permits are offered, each restated before it is sent", async () => {
  const calls = backend({ deal_events: () => list(), show_event: () => event(), complete_event: () => ({ id: 4 }) });
  const user = userEvent.setup();
  render(<EventsPanel deal={1} />);
  await user.click(await screen.findByRole("button", { name: "Open Sale of the stock" }));
  await screen.findByTestId("event-snapshot");
  expect(screen.queryByRole("button", { name: "Approve and post…" })).toBeNull();
  expect(screen.queryByRole("button", { name: "Cancel event…" })).toBeNull();
  await user.click(screen.getByRole("button", { name: "Complete…" }));
  expect(screen.getByTestId("event-act-restated").textContent).toBe(
    "Complete “Sale of the stock”: what its allocations still have available (833.33 USD) stays owed to the holders.",
  );
  await user.click(screen.getByRole("button", { name: "Complete" }));
  expect(await screen.findByText("Completed")).toBeTruthy();
  expect(calls.find((c) => c.cmd === "complete_event")?.args).toMatchObject({ id: 4 });
});

test("a cancel asks for its reason and an approval for a code once the program asks for one", async () => {
  const acts: EventPermits = {
    calculate: noActs.calculate,
    approve: allowed,
    complete: noActs.complete,
    cancel: allowed,
  };
  let approvals = 0;
  const calls = backend({
    deal_events: () => list(),
    show_event: () => event(acts, "calculated"),
    approve_event: () => {
      approvals += 1;
      if (approvals === 1) {
        throw { code: "second_factor_required", message: "program main requires a fresh code" };
      }
      return { id: 4 };
    },
  });
  const user = userEvent.setup();
  render(<EventsPanel deal={1} />);
  await user.click(await screen.findByRole("button", { name: "Open Sale of the stock" }));
  await user.click(await screen.findByRole("button", { name: "Cancel event…" }));
  expect((screen.getByRole("button", { name: "Cancel the event" }) as HTMLButtonElement).disabled).toBe(true);
  await user.click(screen.getByRole("button", { name: "Cancel" }));
  await user.click(screen.getByRole("button", { name: "Approve and post…" }));
  await user.click(screen.getByRole("button", { name: "Approve and post" }));
  expect(await screen.findByText("program main requires a fresh code")).toBeTruthy();
  await user.click(screen.getByRole("button", { name: "Approve and post…" }));
  await user.type(screen.getByLabelText("Code from your authenticator"), "123456");
  await user.click(screen.getByRole("button", { name: "Approve and post" }));
  expect(await screen.findByText("Approved and posted to the ledger")).toBeTruthy();
  const approvalsSent = calls.filter((c) => c.cmd === "approve_event").map((c) => c.args.code);
  expect(approvalsSent).toEqual([null, "123456"]);
});

test("an investor's page lists their allocations across events", async () => {
  const calls = backend({ investor_allocations: () => ({ items: [allocation(1, "Amal", "100.0000000", "166.67")] }) });
  render(<InvestorAllocations investor={1} />);
  const table = await screen.findByTestId("investor-allocations");
  expect(table.textContent).toContain("Sale of the stock");
  expect(table.textContent).toContain("166.67");
  await waitFor(() => expect(calls[0]).toEqual({ cmd: "investor_allocations", args: { investor: 1 } }));
});
