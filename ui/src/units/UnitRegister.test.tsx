// A deal's unit register against a mocked IPC: holdings now and as of a day, a movement
// recorded with its key, and what a user who may not move units is offered.

import { cleanup, render, screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { clearMocks } from "@tauri-apps/api/mocks";
import { afterEach, expect, test } from "vitest";
import type { HoldingsView } from "../bindings";
import { allowed, backend, refused } from "../testing";
import { UnitRegister } from "./UnitRegister";

afterEach(() => {
  cleanup();
  clearMocks();
});

const holdings = (asOf: string | null, permits = { move_units: allowed }): HoldingsView => ({
  deal_id: 1,
  deal: "Phones",
  as_of: asOf,
  total_units: "130.0000000",
  items: [
    { investor_id: 3, investor: "Amal", units: "70.0000000", ownership_percent: "53.8461538%" },
    { investor_id: 4, investor: "Bola", units: "60.0000000", ownership_percent: "46.1538462%" },
  ],
  permits,
});

test("the register shows each holder's units and part of all, now and at the end of a day", async () => {
  const calls = backend({ unit_holdings: (args) => holdings((args.asOf as string | null) ?? null) });
  const user = userEvent.setup();
  render(<UnitRegister deal={1} />);
  const table = await screen.findByTestId("holdings");
  expect(table.textContent).toContain("Amal70.000000053.8461538%");
  expect(table.textContent).toContain("All units130.0000000100%");
  await user.type(screen.getByLabelText("Held at the end of (empty: now)"), "2026-11-15");
  await waitFor(() => expect(calls.at(-1)?.args).toEqual({ deal: 1, asOf: "2026-11-15" }));
});

test("an officer transfers units, naming the giver, and the holdings are read again", async () => {
  const calls = backend({
    unit_holdings: () => holdings(null),
    move_units: () => ({ id: 9 }),
  });
  const user = userEvent.setup();
  render(<UnitRegister deal={1} />);
  await screen.findByTestId("holdings");
  await user.selectOptions(screen.getByLabelText("Movement"), "transfer");
  await user.type(screen.getByLabelText("From investor"), "Amal");
  await user.type(screen.getByLabelText("To investor"), "Bola");
  await user.type(screen.getByLabelText("Units"), "25.5");
  await user.type(screen.getByLabelText("Date"), "2026-11-10");
  await user.click(screen.getByRole("button", { name: "Transfer units" }));
  expect(await screen.findByText("25.5 units transferred")).toBeTruthy();
  const sent = calls.find((c) => c.cmd === "move_units");
  expect(sent?.args).toMatchObject({
    kind: "transfer",
    deal: 1,
    investor: "Bola",
    from: "Amal",
    units: "25.5",
    date: "2026-11-10",
  });
  expect(String(sent?.args.idempotencyKey)).toMatch(/^desk-/);
  expect(calls.filter((c) => c.cmd === "unit_holdings").length, "read again").toBe(2);
});

test("a redemption beyond a holding is refused in Rust's words and nothing is read again", async () => {
  const calls = backend({
    unit_holdings: () => holdings(null),
    move_units: () => {
      throw {
        code: "conflict",
        message: "units: Bola holds 60.0000000 units of the deal, fewer than the 61.0000000 asked",
      };
    },
  });
  const user = userEvent.setup();
  render(<UnitRegister deal={1} />);
  await screen.findByTestId("holdings");
  await user.selectOptions(screen.getByLabelText("Movement"), "redeem");
  await user.type(screen.getByLabelText("Investor"), "Bola");
  await user.type(screen.getByLabelText("Units"), "61");
  await user.type(screen.getByLabelText("Date"), "2026-11-20");
  await user.click(screen.getByRole("button", { name: "Redeem units" }));
  expect((await screen.findByRole("alert")).textContent).toContain("fewer than the 61.0000000 asked");
  expect(calls.filter((c) => c.cmd === "unit_holdings").length).toBe(1);
});

test("whoever may not move units sees the holdings and no form", async () => {
  backend({ unit_holdings: () => holdings(null, { move_units: refused("missing_role", "Needs the officer role") }) });
  render(<UnitRegister deal={1} />);
  await screen.findByTestId("holdings");
  expect(screen.queryByRole("form", { name: "Move units" })).toBeNull();
});
