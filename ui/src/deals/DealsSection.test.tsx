// The deal screens against a mocked IPC: what the reviewer sees, and what the window asks Rust to do.

import { cleanup, render, screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { clearMocks } from "@tauri-apps/api/mocks";
import { afterEach, expect, test } from "vitest";
import type { DealDetail, DealView } from "../bindings";
import { allowed, approver, backend, refused } from "../testing";
import { DealsSection } from "./DealsSection";

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
  // What Rust says of the record to the user who recorded it.
  const own = refused("maker_checker", "You recorded this value, so a second person verifies it");
  backend({
    list_deals: () => ({ items: [deal] }),
    list_partners: () => ({ items: [] }),
    list_investors: () => ({ items: [] }),
    show_deal: () => ({ ...detail, performance: detail.performance.map((p) => ({ ...p, permits: { verify: own } })) }),
  });
  const user = userEvent.setup();
  render(<DealsSection session={{ ...approver, user: "olga" }} />);
  await user.click(await screen.findByRole("button", { name: "Open Phones" }));
  const row = (await screen.findByText("good week")).closest("tr") as HTMLElement;
  expect(within(row).queryByRole("button", { name: "Verify" })).toBeNull();
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
