// The revenue section against a mocked IPC: the months of a report with their chart and the
// top communities, a period asked for by month, a malformed month refused before Rust is
// asked, and a member's wallet history.

import { cleanup, render, screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { clearMocks } from "@tauri-apps/api/mocks";
import { afterEach, expect, test } from "vitest";
import type { RevenueMonthView, RevenueReportView, WalletView } from "../bindings";
import { backend } from "../testing";
import { monthChart, monthsBetween } from "./monthChart";
import { RevenueSection } from "./RevenueSection";

afterEach(() => {
  cleanup();
  clearMocks();
});

const month = (m: string, gross: string, net: string): RevenueMonthView => ({
  month: m,
  currency: "INR",
  transactions: 2,
  gross,
  gst_collected: "10800.00",
  gateway_charges: "1161.12",
  platform_earnings: "5604.54",
  net,
  paid_out: "0.00",
});

const report: RevenueReportView = {
  from: "2026-01",
  to: "2026-12",
  months: [month("2026-11", "30000.00", "21217.17"), month("2026-12", "60000.00", "42434.34")],
  top_communities: [
    { community_id: 1, community: "Chess club", currency: "INR", transactions: 4, gross: "90000.00", net: "63651.51" },
  ],
};

const wallet = (history: WalletView["history"]): WalletView => ({
  member_id: 1,
  member: "Asha",
  community_id: 1,
  community: "Chess club",
  role: "owner",
  account: "member:1:wallet",
  currency: "INR",
  status: "open",
  pending: "21217.17",
  available: "0.00",
  credited: "21217.17",
  withdrawn: "0.00",
  locks: [],
  history,
});

test("the report shows each month's figures exactly, a chart per currency and the top communities", async () => {
  backend({ revenue_report: () => report, list_wallets: () => ({ items: [] }) });
  render(<RevenueSection />);
  const table = await screen.findByTestId("revenue-months-INR");
  const rows = within(table)
    .getAllByRole("row")
    .map((r) => [...r.querySelectorAll("td")].map((c) => c.textContent));
  expect(rows[2]).toEqual(["2026-12", "2", "60,000.00", "10,800.00", "1,161.12", "5,604.54", "42,434.34", "0.00"]);
  const chart = screen.getByTestId("revenue-chart-INR");
  expect(chart.querySelector("svg")?.getAttribute("aria-label")).toBe(
    "Gross and net INR revenue per month, the highest gross 60,000.00",
  );
  expect([...chart.querySelectorAll("title")].map((t) => t.textContent)).toContain("2026-12 net 42,434.34 INR");
  expect(screen.getByTestId("top-communities").textContent).toContain("Chess club4");
  expect(screen.getByText("No community has members yet.")).toBeTruthy();
});

test("a period is asked for by month, and a malformed month is refused naming it without asking Rust", async () => {
  const calls = backend({ revenue_report: () => report, list_wallets: () => ({ items: [] }) });
  const user = userEvent.setup();
  render(<RevenueSection />);
  await screen.findByTestId("revenue-report");
  expect(calls.find((c) => c.cmd === "revenue_report")?.args).toMatchObject({ from: null, to: null });
  await user.type(screen.getByRole("textbox", { name: /From/ }), "2026-13");
  await user.click(screen.getByRole("button", { name: "Show" }));
  expect((await screen.findByRole("alert")).textContent).toContain('from: "2026-13" is not a month such as 2026-11');
  expect(calls.filter((c) => c.cmd === "revenue_report")).toHaveLength(1);
  await user.clear(screen.getByRole("textbox", { name: /From/ }));
  await user.type(screen.getByRole("textbox", { name: /From/ }), "2026-01");
  await user.type(screen.getByRole("textbox", { name: /To/ }), "2026-06");
  await user.click(screen.getByRole("button", { name: "Show" }));
  await screen.findByTestId("revenue-report");
  expect(calls.filter((c) => c.cmd === "revenue_report").at(-1)?.args).toMatchObject({
    from: "2026-01",
    to: "2026-06",
  });
});

test("a month without revenue says so, and an empty report lists no chart", async () => {
  backend({
    revenue_report: () => ({ ...report, months: [], top_communities: [] }),
    list_wallets: () => ({ items: [] }),
  });
  render(<RevenueSection />);
  expect((await screen.findByTestId("revenue-report")).textContent).toBe(
    "2026-01 to 2026-12: no revenue was recorded and no wallet was paid out.",
  );
  expect(screen.queryByTestId("revenue-chart-INR")).toBeNull();
});

test("a member's wallet opens its history: credits with their day of availability, withdrawals taken off", async () => {
  const calls = backend({
    revenue_report: () => report,
    list_wallets: () => ({ items: [wallet([])] }),
    show_wallet: () =>
      wallet([
        { kind: "withdrawal", date: "2026-12-09", id: 4, amount: "1000.00", status: "paid", available_on: null },
        {
          kind: "credit",
          date: "2026-12-02",
          id: 7,
          amount: "21217.17",
          status: "available",
          available_on: "2026-12-09",
        },
      ]),
  });
  const user = userEvent.setup();
  render(<RevenueSection />);
  await user.click(await screen.findByRole("button", { name: "History of Asha's wallet" }));
  const history = await screen.findByTestId("wallet-history");
  expect(calls.find((c) => c.cmd === "show_wallet")?.args).toMatchObject({ member: 1 });
  expect(history.textContent).toContain("Asha's wallet (Chess club, owner): open");
  expect(history.textContent).toContain("Pending 21,217.17 INR, available 0.00 INR");
  const rows = within(history)
    .getAllByRole("row")
    .map((r) => [...r.querySelectorAll("td")].map((c) => c.textContent));
  expect(rows[1]).toEqual(["2026-12-09", "Withdrawal 4", "-1,000.00 INR", "paid", ""]);
  expect(rows[2]).toEqual(["2026-12-02", "Share of revenue 7", "21,217.17 INR", "available", "2026-12-09"]);
});

test("the chart's bars are exact to the highest gross: the highest fills the height, half the amount half of it", () => {
  const chart = monthChart(
    [month("2026-11", "30000.00", "0.01"), month("2026-12", "60000.00", "42434.34")],
    { from: "2026-11", to: "2026-12" },
    200,
    100,
  );
  expect(chart.high).toBe("60000.00");
  expect(chart.bars[1].gross.height).toBe(100);
  expect(chart.bars[0].gross.height).toBe(50);
  expect(chart.bars[0].net.height, "a paisa is not rounded away to nothing").toBeGreaterThan(0);
});

test("every month of the period has its place, a month without revenue an empty one, and labels thin out to fit", () => {
  expect(monthsBetween("2025-11", "2026-02")).toEqual(["2025-11", "2025-12", "2026-01", "2026-02"]);
  const chart = monthChart([month("2026-12", "60000.00", "42434.34")], { from: "2026-01", to: "2026-12" }, 480, 100);
  expect(chart.bars).toHaveLength(12);
  expect(chart.bars[0]).toMatchObject({ month: "2026-01", gross: { height: 0, amount: "0.00" } });
  expect(chart.bars[11].gross.height).toBe(100);
  expect(
    chart.bars.every((b) => b.width <= 28),
    "a bar is never wider than 28 pixels",
  ).toBe(true);
  expect(chart.bars.filter((b) => b.labelled).map((b) => b.month)).toEqual([
    "2026-01",
    "2026-03",
    "2026-05",
    "2026-07",
    "2026-09",
    "2026-11",
  ]);
});

test("the report on screen is written as a PDF into the folder chosen, for the months shown", async () => {
  const calls = backend({
    revenue_report: () => report,
    list_wallets: () => ({ items: [] }),
    choose_folder: () => "/home/olga/reports",
    write_revenue_report: () => ({
      report_id: "RR-1-2026-01-2026-12-20261207",
      file: "/home/olga/reports/revenue-report-2026-12-07.pdf",
      pages: 1,
      sha256: "ab".repeat(32),
    }),
  });
  const user = userEvent.setup();
  render(<RevenueSection />);
  await screen.findByTestId("revenue-report");
  await user.click(screen.getByRole("button", { name: "Write PDF…" }));
  expect((await screen.findByRole("status")).textContent).toBe(
    "RR-1-2026-01-2026-12-20261207: 1 page(s) written to /home/olga/reports/revenue-report-2026-12-07.pdf",
  );
  expect(calls.find((c) => c.cmd === "write_revenue_report")?.args).toMatchObject({
    from: "2026-01",
    to: "2026-12",
    folder: "/home/olga/reports",
  });
});
