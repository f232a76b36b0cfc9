// The commands of the desk itself: finding and creating the store, signing in and out.
// None of them shows a list, so none makes one stale.

import { commands } from "../bindings";
import { unwrap } from "../errors";

export const deskStatus = () => unwrap(commands.deskStatus());

export const createStore = (admin: string, password: string, passphrase: string) =>
  unwrap(commands.createStore(admin, password, passphrase));

/** `passphrase` only when the store said this workstation is locked: it unlocks it once. */
export const signIn = (user: string, password: string, program: string | null, passphrase: string | null = null) =>
  unwrap(commands.signIn(user, password, program, passphrase));

/** Signing out cannot fail in a way the window shows: the sign-in screen follows either way. */
export const signOut = () => commands.signOut();

/** Lets the start-up benchmark stop the clock once a screen is on show; its answer is not awaited. */
export const screenShown = (screen: string) => commands.screenShown(screen);
