// The roles a user may hold in a program, as the store names them.

export const ROLES = ["admin", "officer", "approver", "auditor"] as const;
export type RoleName = (typeof ROLES)[number];

export const ROLE_HINTS: Record<RoleName, string> = {
  admin: "manages users and programs",
  officer: "records and prepares",
  approver: "checks and approves what others prepared",
  auditor: "reads everything, changes nothing",
};

/** The roles a user does not hold yet, which an admin may grant. */
export function grantable(held: readonly string[]): RoleName[] {
  return ROLES.filter((role) => !held.includes(role));
}

/** Whether the signed-in user holds `role` in the program. */
export function holds(roles: readonly string[], role: RoleName): boolean {
  return roles.includes(role);
}
