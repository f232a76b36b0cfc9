// The trial balance against a mocked IPC, as the main screen opens on it after signing in.

import { cleanup, screen, within } from "@testing-library/react";
import { clearMocks } from "@tauri-apps/api/mocks";
import { afterEach, expect, test } from "vitest";
import { signIn, signedInBackend } from "../testing";

afterEach(() => {
  cleanup();
  clearMocks();
});

test("after signing in the trial balance shows exact amounts, right-aligned, with totals and a balanced badge", async () => {
  signedInBackend();
  await signIn();
  const table = await screen.findByTestId("trial-balance");
  const cash = within(table).getByText("cash").closest("tr") as HTMLElement;
  const debit = within(cash).getByText("1,234,567.80");
  expect(debit.className, "figures are right-aligned tabular numbers").toBe("num");
  expect(screen.getByTestId("difference-USD").textContent).toContain("balanced");
  expect(screen.getByTestId("who").textContent).toContain("ada · Main (main) · admin");
});

test("a date the calendar lacks is refused in the window without asking Rust", async () => {
  const calls = signedInBackend();
  const user = await signIn();
  await screen.findByTestId("trial-balance");
  await user.type(screen.getByLabelText(/^As of/), "2026-02-30");
  await user.click(screen.getByRole("button", { name: "Show" }));
  expect((await screen.findByRole("alert")).textContent).toContain("2026-02-30 is not a day of the calendar");
  expect(calls.filter((c) => c.cmd === "trial_balance").length, "only the first load reached Rust").toBe(1);
});
