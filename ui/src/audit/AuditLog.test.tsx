// The audit log against a mocked IPC: records read field by field, and a filter that matches nothing says so.

import { cleanup, render, screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { clearMocks } from "@tauri-apps/api/mocks";
import { afterEach, expect, test } from "vitest";
import type { AuditEntryView } from "../bindings";
import { backend, signedInBackend, signInTo } from "../testing";
import { AuditLog } from "./AuditLog";

afterEach(() => {
  cleanup();
  clearMocks();
});

const disabled: AuditEntryView = {
  id: 7,
  recorded_at: "2026-11-25T10:12:22.123456Z",
  actor: "ada",
  action: "user.change",
  object: "user:2",
  record: null,
  before: { status: "active", name: "olga" },
  after: { status: "disabled", name: "olga" },
  reason: "left the firm",
  workstation: "desk-1",
  front_end: "desktop",
  hash: "ab",
};

test("a record's change reads field by field, and a filter that matches nothing says so", async () => {
  const calls = backend({
    audit_log: (args) => ({ items: args.actor === null ? [disabled] : [] }),
  });
  const user = userEvent.setup();
  render(<AuditLog />);
  const log = await screen.findByTestId("audit-log");
  expect(log.querySelector(".changes")?.textContent, "no raw JSON, unchanged fields left out").toBe(
    "status: active → disabled",
  );
  expect(log.textContent).toMatch(/2026-11-2[56] \d{2}:\d{2}:22 \S+/);
  await user.type(screen.getByLabelText("Actor"), "Nobody");
  await user.click(screen.getByRole("button", { name: "Filter" }));
  expect((await screen.findByText("No records match these filters.")).dataset.testid).toBe("audit-log");
  expect(calls.at(-1)?.args.actor, "the name goes to Rust as typed; Rust reads it case-insensitively").toBe("Nobody");
});

test("a record about a deal names it, as a link that opens the deal's page", async () => {
  const created: AuditEntryView = {
    ...disabled,
    id: 8,
    action: "deal.create",
    object: "deal:1",
    record: { kind: "deal", id: 1, name: "Phones" },
    before: null,
    after: { name: "Phones" },
    reason: null,
  };
  const calls = signedInBackend({
    audit_log: () => ({ items: [created] }),
    show_deal: () => {
      throw { code: "validation", message: "no deal has the id 1" };
    },
  });
  const user = await signInTo("Audit");
  const log = await screen.findByTestId("audit-log");
  expect(log.querySelector("tbody tr td:nth-child(5)")?.textContent).toBe("deal Phones (deal:1)");
  await user.click(screen.getByRole("button", { name: "Open deal Phones" }));
  await screen.findByRole("alert");
  expect(screen.getByRole("heading", { level: 1 }).textContent).toBe("Deals");
  expect(calls.filter((c) => c.cmd === "show_deal").map((c) => c.args)).toEqual([{ deal: "1" }]);
});
