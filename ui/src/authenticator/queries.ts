// The signed-in user's authenticator, as Rust reports and changes it.

import { commands } from "../bindings";
import { unwrap } from "../errors";

export const secondFactorStatus = () => unwrap(commands.secondFactorStatus());
export const enrolSecondFactor = () => unwrap(commands.enrolSecondFactor());
export const confirmSecondFactor = (code: string) => unwrap(commands.confirmSecondFactor(code));

/** The QR code Rust drew, as an image source the window shows without touching the page's markup. */
export function qrImage(svg: string): string {
  return `data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}`;
}
