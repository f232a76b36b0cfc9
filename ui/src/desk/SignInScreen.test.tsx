// Signing in against a mocked IPC: what a refusal looks like.

import { cleanup, render, screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { clearMocks } from "@tauri-apps/api/mocks";
import { afterEach, expect, test } from "vitest";
import { App } from "../App";
import { admin, desk, windowBackend as backend } from "../testing";

afterEach(() => {
  cleanup();
  clearMocks();
});

test("a wrong password shows a clear refusal, clears the password and stays on the sign-in screen", async () => {
  backend({
    desk_status: () => desk(false),
    sign_in: () => {
      throw { code: "permission_denied", message: "sign-in failed: unknown user or wrong password" };
    },
  });
  const user = userEvent.setup();
  render(<App />);
  await user.type(await screen.findByLabelText("User"), "ada");
  await user.type(screen.getByLabelText("Password"), "not the password");
  await user.click(screen.getByRole("button", { name: "Sign in" }));
  const alert = await screen.findByRole("alert");
  expect(alert.dataset.code).toBe("permission_denied");
  expect(alert.textContent).toContain("Not allowed");
  expect(alert.textContent).toContain("unknown user or wrong password");
  expect((screen.getByLabelText("Password") as HTMLInputElement).value, "a refused password is not kept").toBe("");
});

test("a locked workstation asks for the organisation passphrase once and signs in with it", async () => {
  const calls: unknown[] = [];
  backend({
    desk_status: () => desk(false),
    sign_in: (args) => {
      calls.push(args);
      const given = (args as { passphrase: string | null }).passphrase;
      if (given === null) {
        throw { code: "locked", message: "this workstation has not unlocked the store's data key" };
      }
      return { session: admin, notice: null };
    },
  });
  const user = userEvent.setup();
  render(<App />);
  await user.type(await screen.findByLabelText("User"), "ada");
  expect(screen.queryByLabelText(/Organisation passphrase/), "not asked before it is needed").toBeNull();
  await user.type(screen.getByLabelText("Password"), "the password");
  await user.click(screen.getByRole("button", { name: "Sign in" }));
  const alert = await screen.findByRole("alert");
  expect(alert.textContent).toContain("This workstation is locked");
  await user.type(screen.getByLabelText("Password"), "the password");
  await user.type(screen.getByLabelText(/Organisation passphrase/), "the organisation passphrase");
  await user.click(screen.getByRole("button", { name: "Sign in" }));
  await screen.findByTestId("who");
  expect(calls[1]).toMatchObject({ user: "ada", passphrase: "the organisation passphrase" });
});
