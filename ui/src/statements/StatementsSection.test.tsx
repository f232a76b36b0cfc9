// The Statements section against a mocked IPC: issuing one investor's statement and opening
// it, saving it where the user chooses, a month's run with its progress and its skips, the
// e-mail run, and what a user who may not issue is offered.

import { cleanup, render, screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { clearMocks } from "@tauri-apps/api/mocks";
import { afterEach, expect, test, vi } from "vitest";
import type { DocumentView, StatementPermits } from "../bindings";
import { allowed, backend, refused } from "../testing";
import { InvestorDocuments } from "./InvestorDocuments";
import { StatementsSection } from "./StatementsSection";

// pdf.js draws into canvases, which jsdom has not; the real preview is seen in the real window.
vi.mock("./PdfPreview", () => ({
  PdfPreview: ({ bytes, title }: { bytes: Uint8Array; title: string }) => (
    <div data-testid="pdf-preview">
      {title}: {bytes.length} bytes
    </div>
  ),
}));

afterEach(() => {
  cleanup();
  clearMocks();
});

const statement: DocumentView = {
  id: 4,
  document_id: "STMT-1-3-USD-20261101-20261130",
  kind: "investor_statement",
  investor_id: 3,
  investor: "Amal",
  currency: "USD",
  period_from: "2026-11-01",
  period_to: "2026-11-30",
  distribution_id: null,
  sha256: "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
  size_bytes: 21696,
  pages: 1,
  issued_on: "2026-12-01",
  issued_by: "olga",
  status: "issued",
};

const officerMay: StatementPermits = { issue: allowed, send: allowed };

test("an officer issues one investor's statement and it opens, as issued, with its id and SHA-256", async () => {
  const calls = backend({
    list_statements: () => ({ items: [] }),
    statement_permits: () => officerMay,
    issue_statement: () => ({ document: statement, issued_now: true }),
    statement_pdf: () => [37, 80, 68, 70, 45],
  });
  const user = userEvent.setup();
  render(<StatementsSection />);
  expect(await screen.findByText("No statement or notice has been issued yet.")).toBeTruthy();
  await user.type(screen.getByLabelText("Investor (name or number)"), "Amal");
  await user.type(screen.getByLabelText("From"), "2026-11-01");
  await user.type(screen.getByLabelText("To"), "2026-11-30");
  await user.click(screen.getByRole("button", { name: "Issue statement" }));
  expect(await screen.findByText("STMT-1-3-USD-20261101-20261130 issued")).toBeTruthy();
  const sent = calls.find((c) => c.cmd === "issue_statement");
  expect(sent?.args).toMatchObject({ investor: "Amal", from: "2026-11-01", to: "2026-11-30", currency: null });
  expect(String(sent?.args.idempotencyKey)).toMatch(/^desk-/);
  const panel = await screen.findByTestId("document-panel");
  expect(panel.textContent).toContain("Statement of Amal, 2026-11-01 to 2026-11-30, USD");
  expect(panel.textContent).toContain(statement.sha256);
  expect((await screen.findByTestId("pdf-preview")).textContent).toBe(`${statement.document_id}: 5 bytes`);
  expect(calls.filter((c) => c.cmd === "list_statements").length, "the list is loaded again").toBe(2);
});

test("a statement issued before is said to be so, and opens as recorded", async () => {
  backend({
    list_statements: () => ({ items: [statement] }),
    statement_permits: () => officerMay,
    issue_statement: () => ({ document: statement, issued_now: false }),
    statement_pdf: () => [1, 2, 3],
  });
  const user = userEvent.setup();
  render(<StatementsSection />);
  await user.type(await screen.findByLabelText("Investor (name or number)"), "3");
  await user.type(screen.getByLabelText("From"), "2026-11-01");
  await user.type(screen.getByLabelText("To"), "2026-11-30");
  await user.click(screen.getByRole("button", { name: "Issue statement" }));
  expect(
    await screen.findByText(`${statement.document_id} was issued before: the recorded document is shown`),
  ).toBeTruthy();
});

test("an issued document is saved into the folder chosen, under its id, and printed", async () => {
  const calls = backend({
    list_statements: () => ({ items: [statement] }),
    statement_permits: () => officerMay,
    statement_pdf: () => [37, 80],
    choose_folder: () => "/home/olga/statements",
    save_statement: () => `/home/olga/statements/${statement.document_id}.pdf`,
  });
  const user = userEvent.setup();
  render(<StatementsSection />);
  await user.click(await screen.findByRole("button", { name: `Open ${statement.document_id}` }));
  await user.click(await screen.findByRole("button", { name: "Save…" }));
  expect(await screen.findByText(`Saved as /home/olga/statements/${statement.document_id}.pdf`)).toBeTruthy();
  const print = vi.spyOn(window, "print").mockImplementation(() => {});
  await user.click(screen.getByRole("button", { name: "Print…" }));
  expect(print, "the system's print dialog, for the pages shown").toHaveBeenCalledOnce();
  print.mockRestore();
  expect(calls.find((c) => c.cmd === "save_statement")?.args).toEqual({ id: 4, folder: "/home/olga/statements" });
});

test("a month's run writes into the folder chosen, reports progress over a channel, names its skips, and e-mails them", async () => {
  const calls = backend({
    list_statements: () => ({ items: [] }),
    statement_permits: () => officerMay,
    choose_folder: () => "/home/olga/2026-11",
    issue_period: () => ({
      period: "2026-11",
      issued: ["STMT-1-3-USD-20261101-20261130", "STMT-1-4-USD-20261101-20261130"],
      reissued: [],
      skipped: [{ investor_id: 5, investor: "Chidi", currency: "USD", reason: "nothing to state" }],
    }),
    send_statements: () => ({
      period: "2026-11",
      sent: ["STMT-1-3-USD-20261101-20261130"],
      skipped: [
        {
          document_id: "STMT-1-4-USD-20261101-20261130",
          investor: "Bola",
          reason: "the investor has no e-mail address",
        },
      ],
      failed: [],
    }),
  });
  const user = userEvent.setup();
  render(<StatementsSection />);
  await user.type(await screen.findByLabelText("Month (YYYY-MM)"), "2026-11");
  await user.click(screen.getByRole("button", { name: "Issue every investor's statement…" }));
  const report = await screen.findByTestId("period-report");
  expect(report.textContent).toContain("2026-11: 2 issued, 0 issued before and written again, 1 skipped.");
  expect(report.textContent).toContain("Chidi (USD): nothing to state");
  const run = calls.find((c) => c.cmd === "issue_period");
  expect(run?.args).toMatchObject({ period: "2026-11", currency: null, folder: "/home/olga/2026-11" });
  expect(run?.args.onProgress, "progress comes back over a channel").toBeDefined();
  await user.click(screen.getByRole("button", { name: "E-mail them" }));
  const sent = await screen.findByTestId("send-report");
  expect(sent.textContent).toContain("2026-11: 1 sent, 1 skipped, 0 failed.");
  expect(sent.textContent).toContain(
    "skipped STMT-1-4-USD-20261101-20261130 (Bola): the investor has no e-mail address",
  );
});

test("closing the folder dialog issues nothing", async () => {
  const calls = backend({
    list_statements: () => ({ items: [] }),
    statement_permits: () => officerMay,
    choose_folder: () => null,
  });
  const user = userEvent.setup();
  render(<StatementsSection />);
  await user.type(await screen.findByLabelText("Month (YYYY-MM)"), "2026-11");
  await user.click(screen.getByRole("button", { name: "Issue every investor's statement…" }));
  await screen.findByRole("button", { name: "Issue every investor's statement…" });
  expect(calls.some((c) => c.cmd === "issue_period")).toBe(false);
});

test("whoever may not issue is offered no form, is told why in Rust's words, and still opens what was issued", async () => {
  backend({
    list_statements: () => ({ items: [statement] }),
    statement_permits: () => ({
      issue: refused("missing_role", "Needs the officer role"),
      send: refused("missing_role", "Needs the officer role"),
    }),
    statement_pdf: () => [37],
  });
  const user = userEvent.setup();
  render(<StatementsSection />);
  expect(await screen.findByText("Needs the officer role: you can open, save and print what was issued.")).toBeTruthy();
  expect(screen.queryByRole("button", { name: "Issue statement" })).toBeNull();
  expect(screen.queryByRole("button", { name: "E-mail them" })).toBeNull();
  await user.click(screen.getByRole("button", { name: `Open ${statement.document_id}` }));
  expect(await screen.findByTestId("pdf-preview")).toBeTruthy();
});

test("a refusal from Rust is shown with its code's title and message", async () => {
  backend({
    list_statements: () => ({ items: [] }),
    statement_permits: () => officerMay,
    issue_statement: () => {
      throw {
        code: "validation",
        message: "to: the period must have ended: 2026-12-31 is not before today, 2026-12-07",
      };
    },
  });
  const user = userEvent.setup();
  render(<StatementsSection />);
  await user.type(await screen.findByLabelText("Investor (name or number)"), "Amal");
  await user.type(screen.getByLabelText("From"), "2026-12-01");
  await user.type(screen.getByLabelText("To"), "2026-12-31");
  await user.click(screen.getByRole("button", { name: "Issue statement" }));
  const alert = await screen.findByRole("alert");
  expect(alert.textContent).toContain("the period must have ended");
  expect(screen.queryByTestId("document-panel")).toBeNull();
});

test("an investor's page lists their statements and notices, asked of Rust by the investor's id", async () => {
  const notice: DocumentView = {
    ...statement,
    id: 5,
    document_id: "NOTE-1-42-3",
    kind: "distribution_notice",
    period_from: null,
    period_to: null,
    distribution_id: 42,
  };
  const calls = backend({ list_statements: () => ({ items: [notice, statement] }) });
  render(<InvestorDocuments investor={3} name="Amal" />);
  const table = await screen.findByTestId("documents");
  expect(table.textContent).toContain("Notice of distribution 42 to Amal");
  expect(table.textContent).toContain("Statement of Amal, 2026-11-01 to 2026-11-30, USD");
  expect(calls[0]).toEqual({ cmd: "list_statements", args: { investor: 3 } });
});

test("the program's records are exported as CSV into the folder chosen", async () => {
  const calls = backend({
    list_statements: () => ({ items: [] }),
    statement_permits: () => ({
      issue: refused("missing_role", "Needs the officer role"),
      send: refused("missing_role", "Needs the officer role"),
    }),
    choose_folder: () => "/home/abe/exports",
    export_records: () => ({ kind: "ledger", file: "/home/abe/exports/ledger-2026-12-07.csv", rows: 42 }),
  });
  const user = userEvent.setup();
  render(<StatementsSection />);
  await user.selectOptions(await screen.findByLabelText("Records"), "ledger");
  await user.click(screen.getByRole("button", { name: "Export…" }));
  expect(await screen.findByText("42 ledger rows written to /home/abe/exports/ledger-2026-12-07.csv")).toBeTruthy();
  expect(calls.find((c) => c.cmd === "export_records")?.args).toEqual({ kind: "ledger", folder: "/home/abe/exports" });
});
