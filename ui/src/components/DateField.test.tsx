// The date field on its own: typed dates as they are, a calendar to pick from, and the focus.
import { cleanup, render, screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { useState } from "react";
import { afterEach, expect, test } from "vitest";
import { DateField } from "./DateField";

afterEach(cleanup);

function Form({ initial }: { initial: string }) {
  const [date, setDate] = useState(initial);
  return (
    <form>
      <DateField label="Date" name="date" value={date} onChange={setDate} />
      <output data-testid="sent">{date}</output>
    </form>
  );
}

test("the calendar opens on the month of the day typed, and picking a day writes it as YYYY-MM-DD", async () => {
  const user = userEvent.setup();
  render(<Form initial="2026-11-02" />);
  await user.click(screen.getByRole("button", { name: "Calendar for Date" }));
  const calendar = screen.getByRole("dialog", { name: "Calendar" });
  expect(calendar.textContent).toContain("November 2026");
  await user.click(screen.getByRole("button", { name: /^24 November 2026, Tuesday/ }));
  expect((screen.getByLabelText("Date") as HTMLInputElement).value).toBe("2026-11-24");
  expect(screen.queryByRole("dialog"), "picking a day closes the calendar").toBeNull();
  expect(document.activeElement, "the focus goes back to the calendar's button").toBe(
    screen.getByRole("button", { name: "Calendar for Date" }),
  );
});

test("a date typed is kept as typed, and an empty field's calendar opens on today's month", async () => {
  const user = userEvent.setup();
  render(<Form initial="" />);
  await user.type(screen.getByLabelText("Date"), "2026-02-30");
  expect(screen.getByTestId("sent").textContent, "Rust or checkDate judges it, not the field").toBe("2026-02-30");
  await user.clear(screen.getByLabelText("Date"));
  await user.click(screen.getByRole("button", { name: "Calendar for Date" }));
  const month = new Date().toLocaleString("en-US", { month: "long", year: "numeric" });
  expect(screen.getByRole("dialog", { name: "Calendar" }).textContent).toContain(month);
});

test("Escape closes the calendar without picking, and gives the focus back to its button", async () => {
  const user = userEvent.setup();
  render(<Form initial="2026-11-02" />);
  const toggle = screen.getByRole("button", { name: "Calendar for Date" });
  await user.click(toggle);
  expect(toggle.getAttribute("aria-expanded")).toBe("true");
  await user.keyboard("{Escape}");
  expect(screen.queryByRole("dialog")).toBeNull();
  expect(document.activeElement).toBe(toggle);
  expect(screen.getByTestId("sent").textContent).toBe("2026-11-02");
});
