// The deal and distribution screens against a mocked IPC: what the reviewer sees, and what
// the window asks Rust to do.

import { cleanup, render, screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { clearMocks, mockIPC } from "@tauri-apps/api/mocks";
import { afterEach, expect, test } from "vitest";
import type { DealDetail, DistributionView, SessionView } from "./bindings";
import { DealsSection } from "./screens/DealsSection";
import { DistributionsSection } from "./screens/DistributionsSection";

afterEach(() => {
  cleanup();
  clearMocks();
});

const approver: SessionView = { user: "abe", program: "main", program_name: "Main", roles: ["approver"] };

function backend(handlers: Record<string, (args: Record<string, unknown>) => unknown>) {
  const calls: { cmd: string; args: Record<string, unknown> }[] = [];
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

const deal = {
  id: 1,
  name: "Phones",
  currency: "USD",
  partner_id: 1,
  partner: "Mobile Traders",
  partner_commission_rate: "0.2",
  platform_fee_rate: "0.02",
  circuit_breaker_threshold: "0.25",
  status: "active",
  capital: "10000.00",
  investments: 3,
};

const detail: DealDetail = {
  deal,
  investments: [{ id: 1, investor_id: 1, investor: "A", amount: "2000.00", invested_on: "2026-11-02" }],
  performance: [
    {
      id: 4,
      deal_id: 1,
      date: "2026-11-24",
      value: "12000.00",
      previous_value: "10000.00",
      change: "+20.00%",
      flagged: false,
      missed_business_days: 0,
      warnings: [],
      status: "recorded",
      recorded_by: "olga",
      verified_by: null,
      market_conditions: null,
      notes: "good week",
    },
  ],
  history: [
    { date: "2026-11-23", value: "10000.00", high_water_mark: "10000.00", status: "verified" },
    { date: "2026-11-24", value: "12000.00", high_water_mark: "10000.00", status: "recorded" },
  ],
  distributions: [],
};

function distribution(id: number, overrides: Partial<DistributionView> = {}): DistributionView {
  return {
    id,
    deal_id: 1,
    deal: "Phones",
    date: "2026-11-24",
    status: "prepared",
    currency: "USD",
    value: "12000.00",
    high_water_mark: "10000.00",
    new_high_water_mark: "12000.00",
    profit: "2000.00",
    partner_commission: "400.00",
    platform_fee: "40.00",
    investor_pool: "1560.00",
    partner_commission_rate: "0.2",
    platform_fee_rate: "0.02",
    flagged: false,
    override_reason: null,
    prepared_by: "olga",
    approved_by: null,
    posted_by: null,
    journal_entry_id: null,
    cancel_reason: null,
    kind: "distribution",
    reverses_distribution_id: null,
    correction_reason: null,
    shares: [
      {
        investment_id: 1,
        investor_id: 1,
        investor: "A",
        investment: "2000.00",
        share_percent: "20.0000%",
        amount: "312.00",
        payout_status: "unpaid",
      },
      {
        investment_id: 2,
        investor_id: 2,
        investor: "B",
        investment: "4000.00",
        share_percent: "40.0000%",
        amount: "624.00",
        payout_status: "unpaid",
      },
    ],
    ...overrides,
  };
}

test("an approver opens a deal, sees its chart and verifies a value someone else recorded", async () => {
  const calls = backend({
    list_deals: () => ({ items: [deal] }),
    list_partners: () => ({ items: [{ id: 1, name: "Mobile Traders", email: null }] }),
    list_investors: () => ({ items: [{ id: 1, name: "A", email: "a•••@example.org" }] }),
    show_deal: () => detail,
    verify_performance: () => ({ id: 4 }),
  });
  const user = userEvent.setup();
  render(<DealsSection session={approver} />);
  await user.click(await screen.findByRole("button", { name: "Open Phones" }));
  expect((await screen.findByTestId("value-chart")).textContent).toContain("from 10,000.00 to 12,000.00 USD");
  const row = screen.getByText("good week").closest("tr") as HTMLElement;
  await user.click(within(row).getByRole("button", { name: "Verify" }));
  expect(await screen.findByText("The value of 2026-11-24 is verified.")).toBeTruthy();
  const sent = calls.find((c) => c.cmd === "verify_performance");
  expect(sent?.args.id).toBe(4);
  expect(String(sent?.args.idempotencyKey)).toMatch(/^desk-/);
});

test("the person who recorded a value is offered no Verify button", async () => {
  backend({
    list_deals: () => ({ items: [deal] }),
    list_partners: () => ({ items: [] }),
    list_investors: () => ({ items: [] }),
    show_deal: () => detail,
  });
  const user = userEvent.setup();
  render(<DealsSection session={{ ...approver, user: "olga" }} />);
  await user.click(await screen.findByRole("button", { name: "Open Phones" }));
  const row = (await screen.findByText("good week")).closest("tr") as HTMLElement;
  expect(within(row).queryByRole("button", { name: "Verify" })).toBeNull();
});

test("the review shows the whole calculation and approval restates it before it is sent", async () => {
  const calls = backend({
    list_distributions: () => ({ items: [distribution(5)] }),
    show_distribution: () => distribution(5),
    approve_distributions: () => ({ items: [{ id: 5 }] }),
  });
  const user = userEvent.setup();
  render(<DistributionsSection session={approver} />);
  await user.click(await screen.findByRole("button", { name: "Review distribution 5" }));
  const calculation = await screen.findByTestId("calculation");
  expect(calculation.textContent).toContain("Partner commission (0.2)400.00 USD");
  expect(screen.getByTestId("shares").textContent).toContain("40.0000%624.00 USD");
  await user.click(screen.getByRole("button", { name: "Approve…" }));
  expect(screen.getByRole("dialog").textContent).toContain(
    "Approve distribution 5 (Phones, 2026-11-24), profit 2,000.00 USD?",
  );
  await user.click(screen.getByRole("button", { name: "Yes, approve" }));
  expect(await screen.findByText("Approved: distribution 5 (Phones, 2026-11-24), profit 2,000.00 USD.")).toBeTruthy();
  const sent = calls.find((c) => c.cmd === "approve_distributions");
  expect(sent?.args.ids).toEqual([5]);
  expect(sent?.args.overrideReason).toBeNull();
});

test("a flagged distribution cannot be approved until an override reason is written", async () => {
  const flagged = distribution(6, { flagged: true, value: "14000.00" });
  const calls = backend({
    list_distributions: () => ({ items: [flagged] }),
    show_distribution: () => flagged,
    approve_distributions: () => ({ items: [{ id: 6 }] }),
  });
  const user = userEvent.setup();
  render(<DistributionsSection session={approver} />);
  await user.click(await screen.findByRole("button", { name: "Review distribution 6" }));
  const approve = await screen.findByRole("button", { name: "Approve…" });
  expect((approve as HTMLButtonElement).disabled, "no reason, no approval").toBe(true);
  await user.type(screen.getByLabelText("Override reason"), "rebate confirmed with the bank");
  await user.click(approve);
  expect(screen.getByRole("dialog").textContent).toContain("Override reason: “rebate confirmed with the bank”");
  await user.click(screen.getByRole("button", { name: "Yes, approve" }));
  await screen.findByText(/^Approved:/);
  expect(calls.find((c) => c.cmd === "approve_distributions")?.args.overrideReason).toBe(
    "rebate confirmed with the bank",
  );
});

test("a reviewed set is approved at once, its count and total restated", async () => {
  const calls = backend({
    list_distributions: () => ({ items: [distribution(7), distribution(8, { profit: "0.01", deal: "Laptops" })] }),
    approve_distributions: () => ({ items: [{ id: 7 }, { id: 8 }] }),
  });
  const user = userEvent.setup();
  render(<DistributionsSection session={approver} />);
  await user.click(await screen.findByLabelText("Select distribution 7"));
  await user.click(screen.getByLabelText("Select distribution 8"));
  await user.click(screen.getByRole("button", { name: "Approve the 2 selected…" }));
  expect(screen.getByRole("dialog").textContent).toContain("Approve 2 distributions, profit 2,000.01 USD?");
  await user.click(screen.getByRole("button", { name: "Yes, approve" }));
  await screen.findByText(/^Approved: 2 distributions/);
  expect(calls.find((c) => c.cmd === "approve_distributions")?.args.ids).toEqual([7, 8]);
});

test("an officer reverses a posted distribution with a reason, restated before it is sent", async () => {
  const posted = distribution(9, { status: "posted", approved_by: "abe", posted_by: "abe", journal_entry_id: 3 });
  const calls = backend({
    list_distributions: () => ({ items: [posted] }),
    show_distribution: () => posted,
    reverse_distribution: () => ({ id: 10 }),
  });
  const user = userEvent.setup();
  render(
    <DistributionsSection session={{ user: "olga", program: "main", program_name: "Main", roles: ["officer"] }} />,
  );
  await user.click(await screen.findByRole("button", { name: "Review distribution 9" }));
  const reverse = await screen.findByRole("button", { name: "Reverse…" });
  expect((reverse as HTMLButtonElement).disabled, "no reason, no reversal").toBe(true);
  await user.type(screen.getByLabelText("Reason for the correction"), "value restated by the partner");
  await user.click(reverse);
  expect(screen.getByRole("dialog").textContent).toContain(
    "Prepare the reversal of distribution 9 (Phones, 2026-11-24), profit 2,000.00 USD? Reason: “value restated by the partner”.",
  );
  await user.click(screen.getByRole("button", { name: "Yes, prepare the reversal" }));
  await screen.findByText(/^Reversal 10 of distribution 9 prepared/);
  expect(calls.find((c) => c.cmd === "reverse_distribution")?.args).toMatchObject({
    id: 9,
    reason: "value restated by the partner",
  });
});

test("the deal list shows partners and investors with their ids, and an officer closes a deal after confirming", async () => {
  const calls = backend({
    list_deals: () => ({ items: [deal] }),
    list_partners: () => ({ items: [{ id: 1, name: "Mobile Traders", email: null }] }),
    list_investors: () => ({ items: [{ id: 2, name: "Amal", email: "a•••@example.org" }] }),
    show_deal: () => detail,
    close_deal: () => ({ id: 1 }),
  });
  const user = userEvent.setup();
  render(<DealsSection session={{ user: "olga", program: "main", program_name: "Main", roles: ["officer"] }} />);
  const parties = await screen.findByTestId("parties");
  expect(parties.textContent).toContain("2Amalinvestora•••@example.org");
  await user.click(screen.getByRole("button", { name: "Open Phones" }));
  await user.click(await screen.findByRole("button", { name: "Close this deal…" }));
  expect(screen.getByRole("dialog").textContent).toContain(
    "Close Phones, with 10,000.00 USD of capital from 3 investments?",
  );
  await user.click(screen.getByRole("button", { name: "Yes, close it" }));
  await screen.findByText("Phones is closed.");
  expect(calls.find((c) => c.cmd === "close_deal")?.args.deal).toBe("1");
});

test("the daily run reports what it prepared and skipped, and says approving is a second person's act", async () => {
  const calls = backend({
    list_distributions: () => ({ items: [] }),
    run_daily: () => ({
      date: "2026-11-24",
      deals: 2,
      prepared: [{ deal_id: 1, deal: "Phones", distribution_id: 5, profit: "2000.00", currency: "USD" }],
      skipped: [{ deal_id: 2, deal: "Laptops", reason: "no value is recorded for 2026-11-24" }],
    }),
  });
  const user = userEvent.setup();
  render(
    <DistributionsSection session={{ user: "olga", program: "main", program_name: "Main", roles: ["officer"] }} />,
  );
  await user.type(await screen.findByLabelText(/^Prepare every active deal/), "2026-11-24");
  await user.click(screen.getByRole("button", { name: "Run" }));
  const report = await screen.findByTestId("daily-report");
  expect(report.textContent).toContain(
    "2026-11-24: 2 active deals, 1 prepared, 1 skipped. Approving them is a second person's act.",
  );
  expect(report.textContent).toContain("Laptopsno value is recorded for 2026-11-24");
  const sent = calls.find((c) => c.cmd === "run_daily");
  expect(sent?.args.date).toBe("2026-11-24");
  expect(sent?.args.onProgress, "progress comes back over a channel").toBeDefined();
});

test("a value dated on a day the calendar lacks is refused in the window, and nothing is sent", async () => {
  const calls = backend({
    list_deals: () => ({ items: [deal] }),
    list_partners: () => ({ items: [] }),
    list_investors: () => ({ items: [] }),
    show_deal: () => detail,
  });
  const user = userEvent.setup();
  render(<DealsSection session={{ user: "olga", program: "main", program_name: "Main", roles: ["officer"] }} />);
  await user.click(await screen.findByRole("button", { name: "Open Phones" }));
  const form = (await screen.findByRole("button", { name: "Record value" })).closest("form") as HTMLElement;
  await user.type(within(form).getByLabelText("Date"), "2026-02-30");
  await user.type(within(form).getByLabelText("Value"), "12000");
  await user.click(within(form).getByRole("button", { name: "Record value" }));
  expect(within(form).getByRole("alert").textContent).toContain("date: 2026-02-30 is not a day of the calendar");
  expect(
    calls.some((c) => c.cmd === "record_performance"),
    "nothing sent",
  ).toBe(false);
});
