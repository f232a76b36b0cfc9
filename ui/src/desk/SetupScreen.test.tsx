// First start against a mocked IPC: the store is created only from a form that agrees with itself.

import { cleanup, render, screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { clearMocks } from "@tauri-apps/api/mocks";
import { afterEach, expect, test } from "vitest";
import { App } from "../App";
import { desk, windowBackend as backend } from "../testing";

afterEach(() => {
  cleanup();
  clearMocks();
});

test("on first start the window asks for the first admin and the passphrase, then creates the store", async () => {
  const calls = backend({ desk_status: () => desk(true), create_store: () => desk(false) });
  const user = userEvent.setup();
  render(<App />);
  const name = await screen.findByLabelText("First admin's user name");
  await user.clear(name);
  await user.type(name, "ada");
  await user.type(screen.getByLabelText("Password (at least 12 characters)"), "correct horse battery");
  await user.type(screen.getByLabelText("Password again"), "correct horse battery");
  await user.type(screen.getByLabelText("Organisation passphrase (at least 12 characters)"), "a long shared secret");
  await user.type(screen.getByLabelText("Passphrase again"), "a long shared secret");
  await user.click(screen.getByRole("button", { name: "Create the store" }));
  expect(await screen.findByText("The store was created. Sign in as its first admin.")).toBeTruthy();
  expect(calls.find((c) => c.cmd === "create_store")?.args).toEqual({
    admin: "ada",
    password: "correct horse battery",
    passphrase: "a long shared secret",
  });
});

test("two different passphrases are refused before anything is created", async () => {
  const calls = backend({ desk_status: () => desk(true) });
  const user = userEvent.setup();
  render(<App />);
  await user.type(await screen.findByLabelText("Password (at least 12 characters)"), "correct horse battery");
  await user.type(screen.getByLabelText("Password again"), "correct horse battery");
  await user.type(screen.getByLabelText("Organisation passphrase (at least 12 characters)"), "a long shared secret");
  await user.type(screen.getByLabelText("Passphrase again"), "a long shared secreT");
  await user.click(screen.getByRole("button", { name: "Create the store" }));
  expect(screen.getByRole("alert").textContent).toContain("the two passphrases differ");
  expect(
    calls.some((c) => c.cmd === "create_store"),
    "nothing may be created",
  ).toBe(false);
});
