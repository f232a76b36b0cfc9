// The deal screens against a mocked IPC: what the reviewer sees, and what the window asks Rust to do.

import { cleanup, render, screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { clearMocks } from "@tauri-apps/api/mocks";
import { afterEach, expect, test } from "vitest";
import type { DealDetail, DealView } from "../bindings";
import { allowed, approver, backend, refused, officer } from "../testing";
import { DealsSection } from "./DealsSection";

/** A deal whose register holds no units yet, as Rust answers it. */
const noUnits = {
  deal_id: 1,
  deal: "Phones",
  as_of: null,
  total_units: "0.0000000",
  items: [],
  permits: { move_units: { allowed: false, refused_by: "missing_role" as const, reason: "Needs the officer role" } },
};

const noEvents = {
  items: [],
  draft: { allowed: false, refused_by: "missing_role" as const, reason: "Needs the officer role" },
};

afterEach(() => {
  cleanup();
  clearMocks();
});

const deal = {
  id: 1,
  name: "Phones",
  currency: "USD",
  partner_id: 1,
  partner: "Mobile Traders",
  partner_commission_rate: "0.2",
  platform_fee_rate: "0.02",
  circuit_breaker_threshold: "0.25",
  partner_commission_percent: "20%",
  platform_fee_percent: "2%",
  circuit_breaker_percent: "25%",
  status: "active",
  capital: "10000.00",
  investments: 3,
  permits: { invest: allowed, record_performance: allowed, prepare: allowed, close: allowed },
} satisfies DealView;

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
      permits: { verify: allowed },
    },
  ],
  history: [
    { date: "2026-11-23", value: "10000.00", high_water_mark: "10000.00", status: "verified" },
    { date: "2026-11-24", value: "12000.00", high_water_mark: "10000.00", status: "recorded" },
  ],
  distributions: [],
};

test("an approver opens a deal, sees its chart and verifies a value someone else recorded", async () => {
  const calls = backend({
    list_deals: () => ({ items: [deal] }),
    list_partners: () => ({ items: [{ id: 1, name: "Mobile Traders", email: null }] }),
    list_investors: () => ({ items: [{ id: 1, name: "A", email: "a•••@example.org" }] }),
    show_deal: () => detail,
    unit_holdings: () => noUnits,
    deal_events: () => noEvents,
    investor_allocations: () => ({ items: [] }),
    verify_performance: () => ({ id: 4 }),
  });
  const user = userEvent.setup();
  render(<DealsSection session={approver} />);
  await user.click(await screen.findByRole("button", { name: "Open Phones" }));
  const chart = await screen.findByTestId("value-chart");
  const ticks = [...chart.querySelectorAll(".chart-tick")].map((t) => t.textContent);
  expect(ticks, "amounts and dates on the axes").toEqual(["12,000.00", "10,000.00", "2026-11-23", "2026-11-24"]);
  expect([...chart.querySelectorAll("title")].map((t) => t.textContent)).toContain("2026-11-24: value 12,000.00 USD");
  const row = screen.getByText("good week").closest("tr") as HTMLElement;
  await user.click(within(row).getByRole("button", { name: "Verify…" }));
  expect(screen.getByRole("dialog").textContent).toContain(
    "Verify the value of 2026-11-24: 12,000.00 USD, compared with 10,000.00 (+20.00%), recorded by olga?",
  );
  expect(
    calls.some((c) => c.cmd === "verify_performance"),
    "nothing sent before the confirmation",
  ).toBe(false);
  await user.click(screen.getByRole("button", { name: "Yes, verify" }));
  expect(await screen.findByText("The value of 2026-11-24 is verified.")).toBeTruthy();
  const sent = calls.find((c) => c.cmd === "verify_performance");
  expect(sent?.args.id).toBe(4);
  expect(String(sent?.args.idempotencyKey)).toMatch(/^desk-/);
});

test("the person who recorded a value is offered no Verify button", async () => {
  // What Rust says of the record to the user who recorded it.
  const own = refused("maker_checker", "You recorded this value, so a second person verifies it");
  backend({
    list_deals: () => ({ items: [deal] }),
    list_partners: () => ({ items: [] }),
    list_investors: () => ({ items: [] }),
    show_deal: () => ({ ...detail, performance: detail.performance.map((p) => ({ ...p, permits: { verify: own } })) }),
    unit_holdings: () => noUnits,
    deal_events: () => noEvents,
    investor_allocations: () => ({ items: [] }),
  });
  const user = userEvent.setup();
  render(<DealsSection session={{ ...approver, user: "olga" }} />);
  await user.click(await screen.findByRole("button", { name: "Open Phones" }));
  const row = (await screen.findByText("good week")).closest("tr") as HTMLElement;
  expect(within(row).queryByRole("button", { name: "Verify…" })).toBeNull();
});

test("the deal list shows partners and investors with their ids, and an officer closes a deal after confirming", async () => {
  const calls = backend({
    list_deals: () => ({ items: [deal] }),
    list_partners: () => ({ items: [{ id: 1, name: "Mobile Traders", email: null }] }),
    list_investors: () => ({ items: [{ id: 2, name: "Amal", email: "a•••@example.org" }] }),
    show_deal: () => detail,
    unit_holdings: () => noUnits,
    deal_events: () => noEvents,
    investor_allocations: () => ({ items: [] }),
    close_deal: () => ({ id: 1 }),
  });
  const user = userEvent.setup();
  render(<DealsSection session={officer} />);
  expect((await screen.findByTestId("partners")).textContent).toContain("Partner idName1Mobile Traders");
  expect((await screen.findByTestId("investors")).textContent).toContain("Investor idNameE-mail2Amala•••@example.org");
  await user.click(screen.getByRole("button", { name: "Open Phones" }));
  await user.click(await screen.findByRole("button", { name: "Close this deal…" }));
  expect(screen.getByRole("dialog").textContent).toContain(
    "Close Phones, with 10,000.00 USD of capital from 3 investments?",
  );
  await user.click(screen.getByRole("button", { name: "Yes, close it" }));
  await screen.findByText("Phones is closed.");
  expect(calls.find((c) => c.cmd === "close_deal")?.args.deal).toBe("1");
});

test("a value dated on a day the calendar lacks is refused in the window, and nothing is sent", async () => {
  const calls = backend({
    list_deals: () => ({ items: [deal] }),
    list_partners: () => ({ items: [] }),
    list_investors: () => ({ items: [] }),
    show_deal: () => detail,
    unit_holdings: () => noUnits,
    deal_events: () => noEvents,
    investor_allocations: () => ({ items: [] }),
  });
  const user = userEvent.setup();
  render(<DealsSection session={officer} />);
  await user.click(await screen.findByRole("button", { name: "Open Phones" }));
  const form = (await screen.findByRole("button", { name: "Record value" })).closest("form") as HTMLElement;
  await user.clear(within(form).getByLabelText("Date"));
  await user.type(within(form).getByLabelText("Date"), "2026-02-30");
  await user.type(within(form).getByLabelText("Value"), "12000");
  await user.click(within(form).getByRole("button", { name: "Record value" }));
  expect(within(form).getByRole("alert").textContent).toContain("date: 2026-02-30 is not a day of the calendar");
  expect(
    calls.some((c) => c.cmd === "record_performance"),
    "nothing sent",
  ).toBe(false);
});

test("a partner added shows in the partners table at once, and the banner names it", async () => {
  const partners = [{ id: 1, name: "Mobile Traders", email: null }];
  backend({
    list_deals: () => ({ items: [] }),
    list_partners: () => ({ items: [...partners] }),
    list_investors: () => ({ items: [] }),
    add_partner: (args) => {
      partners.push({ id: 2, name: String(args.name), email: null });
      return { id: 2 };
    },
  });
  const user = userEvent.setup();
  render(<DealsSection session={officer} />);
  await screen.findByTestId("partners");
  await user.type(screen.getByLabelText("Partner name"), "Solar Works");
  await user.click(screen.getByRole("button", { name: "Add partner" }));
  expect((await screen.findByRole("status")).textContent).toBe("Partner Solar Works added (id 2).");
  await within(await screen.findByTestId("partners")).findByText("Solar Works");
  expect((screen.getByLabelText("Partner name") as HTMLInputElement).value, "the form starts afresh").toBe("");
  await user.type(screen.getByLabelText("Partner name"), "S");
  expect(screen.queryByRole("status"), "typing again takes the old banner down").toBeNull();
});

test("a new deal's rates are typed as percentages, sent as typed, and the form starts afresh", async () => {
  const calls = backend({
    list_deals: () => ({ items: [] }),
    list_partners: () => ({ items: [] }),
    list_investors: () => ({ items: [] }),
    create_deal: () => ({ id: 7 }),
  });
  const user = userEvent.setup();
  render(<DealsSection session={officer} />);
  const form = (await screen.findByRole("button", { name: "Create deal" })).closest("form") as HTMLElement;
  const rate = within(form).getByLabelText("Partner commission rate") as HTMLInputElement;
  expect(rate.value, "the usual rate, as a percentage").toBe("20");
  await user.type(within(form).getByLabelText("Name"), "Solar");
  await user.type(within(form).getByLabelText("Partner (name or id)"), "Mobile Traders");
  await user.clear(rate);
  await user.type(rate, "0.2");
  expect(within(form).getByRole("note").textContent).toBe(
    "0.2 reads as 0.2%; rates here are percentages: for 20% type 20.",
  );
  await user.clear(rate);
  await user.type(rate, "17.5%");
  expect(within(form).queryByRole("note"), "a percent sign says what was meant").toBeNull();
  await user.click(within(form).getByRole("button", { name: "Create deal" }));
  expect((await within(form).findByRole("status")).textContent).toBe("Deal Solar created (id 7).");
  const sent = calls.find((c) => c.cmd === "create_deal")?.args.deal as Record<string, unknown>;
  expect(sent).toEqual({
    name: "Solar",
    currency: "USD",
    partner: "Mobile Traders",
    partner_commission_rate: "17.5%",
    platform_fee_rate: "2",
    circuit_breaker_threshold: "25",
  });
  expect((within(form).getByLabelText("Name") as HTMLInputElement).value).toBe("");
  expect(rate.value).toBe("20");
});

test("a value beyond the circuit breaker is recorded in green and its warning stands apart in amber", async () => {
  backend({
    list_deals: () => ({ items: [deal] }),
    list_partners: () => ({ items: [] }),
    list_investors: () => ({ items: [] }),
    show_deal: () => detail,
    unit_holdings: () => noUnits,
    deal_events: () => noEvents,
    investor_allocations: () => ({ items: [] }),
    record_performance: () => ({
      id: 9,
      flagged: true,
      change: "+66.67%",
      warnings: [
        "the value moved by +66.67%, beyond the deal's circuit-breaker threshold of 25%: its distribution needs an approver's override with a reason",
        "2 business days without a record before this one",
      ],
    }),
  });
  const user = userEvent.setup();
  render(<DealsSection session={officer} />);
  await user.click(await screen.findByRole("button", { name: "Open Phones" }));
  const form = (await screen.findByRole("button", { name: "Record value" })).closest("form") as HTMLElement;
  const date = within(form).getByLabelText("Date") as HTMLInputElement;
  expect(date.value, "a value is recorded for today unless said otherwise").toMatch(/^\d{4}-\d{2}-\d{2}$/);
  await user.clear(date);
  await user.type(date, "2026-11-26");
  await user.type(within(form).getByLabelText("Value"), "20,000");
  await user.click(within(form).getByRole("button", { name: "Record value" }));
  const banners = await within(form).findAllByRole("status");
  expect(banners.map((b) => [b.dataset.tone, b.textContent])).toEqual([
    [
      "success",
      "Value 20,000 of 2026-11-26 recorded (id 9), a change of +66.67%; it waits for an approver's verification.",
    ],
    [
      "warning",
      "The value moved by +66.67%, beyond the deal's circuit-breaker threshold of 25%: its distribution needs an approver's override with a reason.",
    ],
    ["warning", "2 business days without a record before this one."],
  ]);
  expect((within(form).getByLabelText("Value") as HTMLInputElement).value, "no second entry invited").toBe("");
});

test("verifying a flagged value restates the move and the threshold before anything is sent", async () => {
  const warning =
    "the value moved by +40.00%, beyond the deal's circuit-breaker threshold of 25%: its distribution needs an approver's override with a reason";
  const flagged = {
    ...detail.performance[0],
    value: "14000.00",
    change: "+40.00%",
    flagged: true,
    warnings: [warning],
  };
  backend({
    list_deals: () => ({ items: [deal] }),
    list_partners: () => ({ items: [] }),
    list_investors: () => ({ items: [] }),
    show_deal: () => ({ ...detail, performance: [flagged] }),
    unit_holdings: () => noUnits,
    deal_events: () => noEvents,
    investor_allocations: () => ({ items: [] }),
  });
  const user = userEvent.setup();
  render(<DealsSection session={approver} />);
  await user.click(await screen.findByRole("button", { name: "Open Phones" }));
  await user.click(await screen.findByRole("button", { name: "Verify…" }));
  const dialog = screen.getByRole("dialog").textContent ?? "";
  expect(dialog).toContain("14,000.00 USD, compared with 10,000.00 (+40.00%)");
  expect(dialog).toContain("The value moved by +40.00%, beyond the deal's circuit-breaker threshold of 25%");
});
