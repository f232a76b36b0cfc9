import type { SecondFactorState, UserChangeRequest, UserView } from "../bindings";
import { StatusBadge } from "../components/StatusBadge";
import { TableHead } from "../components/TableHead";
import { RoleChanger } from "./RoleChanger";

const AUTHENTICATOR: Record<SecondFactorState, string> = {
  not_set_up: "none",
  awaiting_first_code: "awaiting its first code",
  set_up: "set up",
};

export interface UsersTableProps {
  users: UserView[];
  /** The signed-in user, who is offered no way to disable themselves. */
  signedIn: string;
  /** Admins see a column of changes to ask for. */
  isAdmin: boolean;
  onAsk: (user: UserView, change: UserChangeRequest) => void;
}

export function UsersTable({ users, signedIn, isAdmin, onAsk }: UsersTableProps) {
  return (
    <table data-testid="users">
      <TableHead columns={["User", "E-mail", "Status", "Roles", "Authenticator", ...(isAdmin ? ["Change"] : [])]} />
      <tbody>
        {users.map((user) => (
          <tr key={user.id}>
            <td>{user.name}</td>
            <td>{user.email ?? ""}</td>
            <td>
              <StatusBadge status={user.status} />
            </td>
            <td>{user.roles.join(", ")}</td>
            <td>{AUTHENTICATOR[user.second_factor]}</td>
            {isAdmin ? (
              <td className="actions">
                <RoleChanger user={user} onChange={(change) => onAsk(user, change)} />
                {user.status === "active" && user.name !== signedIn ? (
                  <button type="button" onClick={() => onAsk(user, { kind: "disable" })}>
                    Disable…
                  </button>
                ) : null}
              </td>
            ) : null}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
