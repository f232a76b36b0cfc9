// The commands the Statements section calls, and what each mutation makes stale.

import type { Channel } from "@tauri-apps/api/core";
import { commands, type StatementProgress } from "../bindings";
import { unwrap } from "../errors";
import type { Stale } from "../stale";

/** The lists the statement screens show. */
export type StatementsList = "documents";

/** The issued documents, one investor's (by id) or all of them with `null`, newest first. */
export const listStatements = (investor: number | null) => unwrap(commands.listStatements(investor));

/** What the signed-in user may do with statements, as Rust says. */
export const statementPermits = () => unwrap(commands.statementPermits());

/** Issues one investor's statement of a period (or answers the one issued before). */
export const issueStatement = (investor: string, from: string, to: string, currency: string | null, key: string) =>
  unwrap(commands.issueStatement(investor, from, to, currency, key));

/** An issued document's bytes, as Rust recorded them. */
export const statementPdf = async (id: number) => new Uint8Array(await unwrap(commands.statementPdf(id)));

/** Writes an issued document into `folder` as `{document id}.pdf`; the path written. */
export const saveStatement = (id: number, folder: string) => unwrap(commands.saveStatement(id, folder));

/** Issues every investor's statement of a month into `folder`, reporting progress over `onProgress`. */
export const issuePeriod = (
  period: string,
  currency: string | null,
  folder: string,
  key: string,
  onProgress: Channel<StatementProgress>,
) => unwrap(commands.issuePeriod(period, currency, folder, key, onProgress));

/** E-mails the month's issued statements, each at most once. */
export const sendStatements = (period: string) => unwrap(commands.sendStatements(period));

/** Writes the program's `kind` records as CSV into `folder`. */
export const exportRecords = (kind: string, folder: string) => unwrap(commands.exportRecords(kind, folder));

/** The system's folder dialog; null when the user closes it without choosing. */
export const chooseFolder = (title: string) => unwrap(commands.chooseFolder(title));

/** What each mutation makes stale. */
export const STALE = {
  issueStatement: ["documents"],
  issuePeriod: ["documents"],
  sendStatements: [],
} as const satisfies Record<string, Stale<StatementsList>>;
