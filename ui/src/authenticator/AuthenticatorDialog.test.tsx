// The user's authenticator against a mocked IPC: setting one up shows the secret once, as a QR
// code and as text, and a first code finishes it.

import { cleanup, render, screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { clearMocks } from "@tauri-apps/api/mocks";
import { afterEach, expect, test } from "vitest";
import type { Enrolment, SecondFactorView } from "../bindings";
import { backend } from "../testing";
import { AuthenticatorDialog } from "./AuthenticatorDialog";

afterEach(() => {
  cleanup();
  clearMocks();
});

const none: SecondFactorView = { user: "abe", state: "not_set_up", required: true };
const enrolment: Enrolment = {
  user: "abe",
  otpauth_uri: "otpauth://totp/Prorata:abe?secret=JBSWY3DPEHPK3PXP&issuer=Prorata",
  secret: "JBSWY3DPEHPK3PXP",
  qr_svg: '<svg xmlns="http://www.w3.org/2000/svg"><rect width="1" height="1"/></svg>',
  state: "awaiting_first_code",
};

test("setting up shows the secret as a QR code and as text, and the first code finishes it", async () => {
  const calls = backend({
    second_factor_status: () => none,
    enrol_second_factor: () => enrolment,
    confirm_second_factor: () => ({ ...none, state: "set_up" }),
  });
  const user = userEvent.setup();
  render(<AuthenticatorDialog onClose={() => {}} />);
  expect((await screen.findByTestId("authenticator-state")).textContent).toBe("You have no authenticator set up.");
  expect(screen.getByTestId("authenticator-rule").textContent).toContain("asks for a fresh code");
  await user.click(screen.getByRole("button", { name: "Show a new secret" }));
  const qr = await screen.findByRole("img");
  expect(qr.getAttribute("src")).toMatch(/^data:image\/svg\+xml;charset=utf-8,%3Csvg/);
  expect(qr.getAttribute("alt")).toContain(enrolment.otpauth_uri);
  expect(screen.getByTestId("authenticator-secret").textContent).toBe("JBSWY3DPEHPK3PXP");
  const finish = screen.getByRole("button", { name: "Confirm the code" });
  expect((finish as HTMLButtonElement).disabled).toBe(true);
  await user.type(screen.getByLabelText("Code from your authenticator"), "287082");
  await user.click(finish);
  expect((await screen.findByTestId("authenticator-state")).textContent).toBe(
    "Your authenticator is set up: its codes are accepted.",
  );
  expect(calls.find((c) => c.cmd === "confirm_second_factor")?.args.code).toBe("287082");
  expect(screen.queryByTestId("authenticator-secret"), "the secret is shown only while setting up").toBeNull();
});

test("a wrong first code is refused with Rust's words and the secret stays on show to try again", async () => {
  backend({
    second_factor_status: () => none,
    enrol_second_factor: () => enrolment,
    confirm_second_factor: () => {
      throw { code: "permission_denied", message: "the code is not the one your authenticator shows now" };
    },
  });
  const user = userEvent.setup();
  render(<AuthenticatorDialog onClose={() => {}} />);
  await user.click(await screen.findByRole("button", { name: "Show a new secret" }));
  await user.type(await screen.findByLabelText("Code from your authenticator"), "000000");
  await user.click(screen.getByRole("button", { name: "Confirm the code" }));
  expect((await screen.findByRole("alert")).textContent).toContain("not the one your authenticator shows now");
  expect(screen.getByTestId("authenticator-secret").textContent).toBe("JBSWY3DPEHPK3PXP");
});
