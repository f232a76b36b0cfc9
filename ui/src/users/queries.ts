// The commands the users section calls, and what each mutation makes stale.

import { commands, type UserChangeRequest } from "../bindings";
import { unwrap } from "../errors";
import type { Stale } from "../stale";

/** The lists the users section shows. */
export type UsersList = "users";

export const listUsers = () => unwrap(commands.listUsers());

export const addUser = (name: string, password: string, roles: string[], email: string | null, key: string) =>
  unwrap(commands.addUser(name, password, roles, email, key));

export const changeUser = (name: string, change: UserChangeRequest, key: string) =>
  unwrap(commands.changeUser(name, change, key));

/** Opens sealed fields for this session; resolves to the keyring's notice, if it has one. */
export const unlockSealedFields = (passphrase: string) => unwrap(commands.unlockSealedFields(passphrase));

/** What each mutation makes stale: opened sealed fields show the e-mails the list had masked as sealed. */
export const STALE = {
  addUser: ["users"],
  changeUser: ["users"],
  unlockSealedFields: ["users"],
} as const satisfies Record<string, Stale<UsersList>>;
