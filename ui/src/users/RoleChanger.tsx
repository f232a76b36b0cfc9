import { useState } from "react";
import type { UserChangeRequest, UserView } from "../bindings";
import { grantable } from "../roles";

/** A menu of the roles a user may be granted or lose; picking one asks for that change. */
export function RoleChanger({ user, onChange }: { user: UserView; onChange: (change: UserChangeRequest) => void }) {
  const [choice, setChoice] = useState("");
  function pick(value: string) {
    setChoice("");
    const [kind, role] = value.split(":");
    if (kind === "grant" || kind === "revoke") {
      onChange({ kind, role });
    }
  }
  return (
    <select aria-label={`Change the roles of ${user.name}`} value={choice} onChange={(e) => pick(e.target.value)}>
      <option value="">Roles…</option>
      {grantable(user.roles).map((role) => (
        <option key={`grant:${role}`} value={`grant:${role}`}>
          Grant {role}
        </option>
      ))}
      {user.roles.map((role) => (
        <option key={`revoke:${role}`} value={`revoke:${role}`}>
          Revoke {role}
        </option>
      ))}
    </select>
  );
}
