// The users section against a mocked IPC: each change is restated first and sent once, under one key.

import { cleanup, screen, within } from "@testing-library/react";
import { clearMocks } from "@tauri-apps/api/mocks";
import { afterEach, expect, test } from "vitest";
import type { UserView } from "../bindings";
import { signIn, signedInBackend } from "../testing";

afterEach(() => {
  cleanup();
  clearMocks();
});

const users: UserView[] = [
  { id: 1, name: "ada", email: null, status: "active", roles: ["admin"], second_factor: "set_up" },
  { id: 2, name: "bob", email: "b•••@example.org", status: "active", roles: ["officer"], second_factor: "not_set_up" },
];

test("disabling a user asks first, restating who; Cancel changes nothing and Confirm sends one keyed request", async () => {
  const calls = signedInBackend({
    list_users: () => ({ items: users }),
    change_user: () => ({ id: 2, user: "bob", change: "disable", changed: true }),
  });
  const user = await signIn();
  await user.click(screen.getByRole("button", { name: "Users" }));
  const row = (await screen.findByText("bob")).closest("tr") as HTMLElement;

  await user.click(within(row).getByRole("button", { name: "Disable…" }));
  const dialog = screen.getByRole("dialog");
  expect(dialog.textContent).toContain("Disable bob?");
  expect(document.activeElement?.textContent, "focus starts on Cancel").toBe("Cancel");
  await user.keyboard("{Escape}");
  expect(screen.queryByRole("dialog")).toBeNull();
  expect(
    calls.some((c) => c.cmd === "change_user"),
    "cancelled: nothing sent",
  ).toBe(false);

  await user.click(within(row).getByRole("button", { name: "Disable…" }));
  await user.click(screen.getByRole("button", { name: "Yes, change" }));
  await screen.findByText("bob: disable done.");
  const sent = calls.filter((c) => c.cmd === "change_user");
  expect(sent.length).toBe(1);
  expect(sent[0].args.name).toBe("bob");
  expect(sent[0].args.change).toEqual({ kind: "disable" });
  expect(String(sent[0].args.idempotencyKey)).toMatch(/^desk-[0-9a-f-]{36}$/);
});

test("the signed-in admin is offered no way to disable themselves", async () => {
  signedInBackend({ list_users: () => ({ items: users }) });
  const user = await signIn();
  await user.click(screen.getByRole("button", { name: "Users" }));
  const own = (await screen.findByText("ada", { selector: "td" })).closest("tr") as HTMLElement;
  expect(within(own).queryByRole("button", { name: "Disable…" })).toBeNull();
});

test("adding a user restates name and roles, and a retry after a failure reuses the same key", async () => {
  let attempts = 0;
  const calls = signedInBackend({
    list_users: () => ({ items: users }),
    add_user: () => {
      attempts += 1;
      if (attempts === 1) {
        throw { code: "internal", message: "database: connection reset" };
      }
      return { id: 3 };
    },
  });
  const user = await signIn();
  await user.click(screen.getByRole("button", { name: "Users" }));
  await user.type(await screen.findByLabelText("User name"), "cleo");
  await user.type(screen.getByLabelText("Password (at least 12 characters)"), "another long password");
  await user.click(screen.getByLabelText(/^approver/));
  await user.click(screen.getByRole("button", { name: "Add user…" }));
  expect(screen.getByRole("dialog").textContent).toContain("Add cleo to program Main with 2 roles: officer, approver");
  await user.click(screen.getByRole("button", { name: "Yes, add" }));
  expect((await screen.findByRole("alert")).textContent).toContain("connection reset");
  await user.click(screen.getByRole("button", { name: "Add user…" }));
  await user.click(screen.getByRole("button", { name: "Yes, add" }));
  await screen.findByText("cleo was added.");
  const keys = calls.filter((c) => c.cmd === "add_user").map((c) => c.args.idempotencyKey);
  expect(keys.length).toBe(2);
  expect(keys[0], "the retry is the same request, so Rust applies it at most once").toBe(keys[1]);
});
