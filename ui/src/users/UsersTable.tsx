import type { UserChangeRequest, UserView } from "../bindings";
import { StatusBadge } from "../components/StatusBadge";
import { TableHead } from "../components/TableHead";
import { RoleChanger } from "./RoleChanger";

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
      <TableHead columns={["User", "E-mail", "Status", "Roles", ...(isAdmin ? ["Change"] : [])]} />
      <tbody>
        {users.map((user) => (
          <tr key={user.id}>
            <td>{user.name}</td>
            <td>{user.email ?? ""}</td>
            <td>
              <StatusBadge status={user.status} />
            </td>
            <td>{user.roles.join(", ")}</td>
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
