// The distribution screens against a mocked IPC: what the reviewer sees, and what the window asks Rust to do.

import { cleanup, render, screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { clearMocks } from "@tauri-apps/api/mocks";
import { afterEach, expect, test } from "vitest";
import type { DistributionView } from "../bindings";
import { today } from "../format";
import { allowed, approver, backend, refused, officer, signedInBackend, signInTo } from "../testing";
import { DistributionsSection } from "./DistributionsSection";

afterEach(() => {
  cleanup();
  clearMocks();
});

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
    partner_commission_percent: "20%",
    platform_fee_percent: "2%",
    flagged: false,
    flagged_because: null,
    override_reason: null,
    prepared_by: "olga",
    approved_by: null,
    posted_by: null,
    journal_entry_id: null,
    cancel_reason: null,
    kind: "distribution",
    reverses_distribution_id: null,
    correction_reason: null,
    // What Rust says of a prepared distribution to an approver who did not prepare it.
    permits: {
      approve: allowed,
      post: refused("state", "It is prepared: only an approved one is"),
      cancel: allowed,
      reverse: refused("state", "Only a posted distribution is reversed"),
    },
    entry: [],
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
  expect(calculation.textContent).toContain("Partner commission (20%)400.00 USD");
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

const BECAUSE = "the value moved by +40.00%, beyond the deal's circuit-breaker threshold of 25%";

test("a flagged distribution's review says by how much the value moved and the threshold, and approving needs a reason", async () => {
  const flagged = distribution(6, { flagged: true, flagged_because: BECAUSE, value: "14000.00" });
  const calls = backend({
    list_distributions: () => ({ items: [flagged] }),
    show_distribution: () => flagged,
    approve_distributions: () => ({ items: [{ id: 6 }] }),
  });
  const user = userEvent.setup();
  render(<DistributionsSection session={approver} />);
  await user.click(await screen.findByRole("button", { name: "Review distribution 6" }));
  const approve = await screen.findByRole("button", { name: "Approve…" });
  expect(screen.getByTestId("flagged-because").textContent).toBe(
    "Flagged by the circuit breaker: the value moved by +40.00%, beyond the deal's circuit-breaker threshold of 25%. " +
      "Approving it needs an override reason, which goes on the audit log.",
  );
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

test("a disabled Approve says why, and Escape returns focus to the button that opened the dialog", async () => {
  const flagged = distribution(6, { flagged: true, flagged_because: BECAUSE, value: "14000.00" });
  backend({ list_distributions: () => ({ items: [flagged] }), show_distribution: () => flagged });
  const user = userEvent.setup();
  render(<DistributionsSection session={approver} />);
  await user.click(await screen.findByRole("button", { name: "Review distribution 6" }));
  const approve = await screen.findByRole("button", { name: "Approve…" });
  expect(approve.getAttribute("aria-describedby")).toBe("approve-needs-reason");
  expect(document.getElementById("approve-needs-reason")?.textContent).toBe(
    "The value moved beyond the circuit breaker: write the override reason to approve.",
  );
  await user.type(screen.getByLabelText("Override reason"), "checked");
  await user.click(approve);
  expect(document.activeElement?.textContent, "the dialog starts on Cancel").toBe("Cancel");
  await user.keyboard("{Escape}");
  expect(screen.queryByRole("dialog")).toBeNull();
  expect(document.activeElement, "focus is back on the opener").toBe(approve);
});

test("after approving, the open review shows the distribution's next step without being opened again", async () => {
  let status: DistributionView["status"] = "prepared";
  const current = () =>
    status === "prepared"
      ? distribution(5)
      : distribution(5, {
          status: "approved",
          approved_by: "abe",
          permits: { ...distribution(5).permits, approve: refused("state", "It is approved"), post: allowed },
        });
  backend({
    list_distributions: () => ({ items: [current()] }),
    show_distribution: () => current(),
    approve_distributions: () => {
      status = "approved";
      return { items: [{ id: 5 }] };
    },
  });
  const user = userEvent.setup();
  render(<DistributionsSection session={approver} />);
  await user.click(await screen.findByRole("button", { name: "Review distribution 5" }));
  await user.click(await screen.findByRole("button", { name: "Approve…" }));
  await user.click(screen.getByRole("button", { name: "Yes, approve" }));
  expect(await screen.findByRole("button", { name: "Post to the ledger…" })).toBeTruthy();
  expect(screen.queryByRole("button", { name: "Approve…" })).toBeNull();
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
  const posted = distribution(9, {
    status: "posted",
    approved_by: "abe",
    posted_by: "abe",
    journal_entry_id: 3,
    permits: {
      approve: refused("missing_role", "Needs the approver role"),
      post: refused("missing_role", "Needs the officer or approver role"),
      cancel: refused("state", "It is posted: a posted one is reversed"),
      reverse: allowed,
    },
  });
  const calls = backend({
    list_distributions: () => ({ items: [posted] }),
    show_distribution: () => posted,
    reverse_distribution: () => ({ id: 10 }),
  });
  const user = userEvent.setup();
  render(<DistributionsSection session={officer} />);
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

test("the daily run reports what it prepared and skipped, the wallet credits it released, and says approving is a second person's act", async () => {
  const calls = backend({
    list_distributions: () => ({ items: [] }),
    run_daily: () => ({
      date: "2026-11-24",
      deals: 2,
      prepared: [{ deal_id: 1, deal: "Phones", distribution_id: 5, profit: "2000.00", currency: "USD" }],
      skipped: [{ deal_id: 2, deal: "Laptops", reason: "no value is recorded for 2026-11-24" }],
      wallets_released: [{ currency: "INR", credits: 5, amount: "7205.83" }],
    }),
  });
  const user = userEvent.setup();
  render(<DistributionsSection session={officer} />);
  const day = await screen.findByLabelText(/^Prepare every active deal/);
  expect((day as HTMLInputElement).value, "the daily run is for today unless said otherwise").toBe(today());
  await user.clear(day);
  await user.type(day, "2026-11-24");
  await user.click(screen.getByRole("button", { name: "Run" }));
  const report = await screen.findByTestId("daily-report");
  expect(report.textContent).toContain(
    "2026-11-24: 2 active deals, 1 prepared, 1 skipped. Approving them is a second person's act.",
  );
  expect(report.textContent).toContain("Laptopsno value is recorded for 2026-11-24");
  expect(screen.getByTestId("daily-wallets-released").textContent).toBe(
    "Released to members' wallets: 5 credits of 7205.83 INR.",
  );
  const sent = calls.find((c) => c.cmd === "run_daily");
  expect(sent?.args.date).toBe("2026-11-24");
  expect(sent?.args.onProgress, "progress comes back over a channel").toBeDefined();
});

test("whoever prepared a distribution is offered no Approve and is told why, in Rust's words", async () => {
  const own = distribution(11, {
    permits: {
      approve: refused("maker_checker", "You prepared this distribution, so a second person approves it"),
      post: refused("state", "It is prepared: only an approved one is"),
      cancel: allowed,
      reverse: refused("state", "Only a posted distribution is reversed"),
    },
  });
  backend({
    list_distributions: () => ({ items: [own] }),
    show_distribution: () => own,
  });
  const user = userEvent.setup();
  render(<DistributionsSection session={{ ...approver, user: "olga", roles: ["officer", "approver"] }} />);
  expect(screen.queryByLabelText("Select distribution 11"), "not offered for a set approval").toBeNull();
  await user.click(await screen.findByRole("button", { name: "Review distribution 11" }));
  expect(await screen.findByText("You prepared this distribution, so a second person approves it.")).toBeTruthy();
  expect(screen.queryByRole("button", { name: "Approve…" })).toBeNull();
  expect(screen.getByRole("button", { name: "Cancel distribution…" }), "what Rust allows is offered").toBeTruthy();
});

test("the post confirmation restates the journal entry, leg by leg, with whose account each is", async () => {
  const approved = distribution(5, {
    status: "approved",
    approved_by: "abe",
    permits: { ...distribution(5).permits, approve: refused("state", "It is approved"), post: allowed },
    entry: [
      { account: "deal:1:profit_receivable", owner: "profit receivable of Phones", side: "debit", amount: "2000.00" },
      { account: "partner:1:payable", owner: "payable to the partner of Phones", side: "credit", amount: "400.00" },
      { account: "platform:fee_income", owner: "platform fee income", side: "credit", amount: "40.00" },
      { account: "investor:1:payable", owner: "payable to A", side: "credit", amount: "1560.00" },
    ],
  });
  backend({ list_distributions: () => ({ items: [approved] }), show_distribution: () => approved });
  const user = userEvent.setup();
  render(<DistributionsSection session={approver} />);
  await user.click(await screen.findByRole("button", { name: "Review distribution 5" }));
  await user.click(await screen.findByRole("button", { name: "Post to the ledger…" }));
  const rows = [...screen.getByTestId("entry-legs").querySelectorAll("tbody tr")].map((r) =>
    [...r.querySelectorAll("td")].map((c) => c.textContent),
  );
  expect(rows).toEqual([
    ["Dr", "profit receivable of Phones deal:1:profit_receivable", "2,000.00 USD"],
    ["Cr", "payable to the partner of Phones partner:1:payable", "400.00 USD"],
    ["Cr", "platform fee income platform:fee_income", "40.00 USD"],
    ["Cr", "payable to A investor:1:payable", "1,560.00 USD"],
  ]);
});

test("a deal named in the distributions is a link that opens the deal's page", async () => {
  const calls = signedInBackend({
    list_distributions: () => ({ items: [distribution(9)] }),
    list_deals: () => ({ items: [] }),
    show_deal: () => {
      throw { code: "validation", message: "no deal has the id 1" };
    },
  });
  const user = await signInTo("Distributions");
  await user.click(await screen.findByRole("button", { name: "Open deal Phones" }));
  expect((await screen.findByRole("alert")).textContent).toContain("no deal has the id 1");
  expect(screen.getByRole("heading", { level: 1 }).textContent).toBe("Deals");
  expect(calls.filter((c) => c.cmd === "show_deal").map((c) => c.args)).toEqual([{ deal: "1" }]);
});
