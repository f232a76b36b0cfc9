import { useCallback, useEffect, useState, type FormEvent } from "react";
import {
  commands,
  type AppError,
  type Items,
  type SessionView,
  type UserChangeRequest,
  type UserView,
} from "../bindings";
import { ConfirmDialog } from "../components/ConfirmDialog";
import { ErrorBanner, Notice } from "../components/ErrorBanner";
import { StatusBadge } from "../components/StatusBadge";
import { asAppError, unwrap } from "../errors";
import { ROLES, ROLE_HINTS, grantable, newIdempotencyKey, type RoleName } from "../roles";
import { useCommand } from "../useCommand";

interface PendingChange {
  user: UserView;
  change: UserChangeRequest;
  key: string;
}

export function describeChange(user: string, change: UserChangeRequest, program: string): string {
  switch (change.kind) {
    case "disable":
      return `Disable ${user}? They will no longer be able to sign in to any program. Only another admin can restore access.`;
    case "grant":
      return `Grant the role ${change.role} to ${user} in program ${program}?`;
    case "revoke":
      return `Revoke the role ${change.role} from ${user} in program ${program}?`;
  }
}

export function UsersSection({ session }: { session: SessionView }) {
  const users = useCommand<Items<UserView>>();
  const { run } = users;
  const [pending, setPending] = useState<PendingChange | null>(null);
  const [changeError, setChangeError] = useState<AppError | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const isAdmin = session.roles.includes("admin");

  const reload = useCallback(() => void run(() => unwrap(commands.listUsers())), [run]);
  useEffect(reload, [reload]);

  async function confirmChange() {
    if (pending === null) {
      return;
    }
    try {
      const result = await unwrap(commands.changeUser(pending.user.name, pending.change, pending.key));
      setDone(
        result.changed ? `${result.user}: ${result.change} done.` : `${result.user}: already so; nothing changed.`,
      );
      setChangeError(null);
      reload();
    } catch (failure) {
      setChangeError(asAppError(failure));
    }
    setPending(null);
  }

  function ask(user: UserView, change: UserChangeRequest) {
    setDone(null);
    setPending({ user, change, key: newIdempotencyKey() });
  }

  return (
    <>
      <section aria-labelledby="users-title">
        <h2 id="users-title">Users of {session.program_name}</h2>
        <Notice text={done} />
        <ErrorBanner error={users.error ?? changeError} />
        {users.data ? (
          <table data-testid="users">
            <thead>
              <tr>
                <th>User</th>
                <th>E-mail</th>
                <th>Status</th>
                <th>Roles</th>
                {isAdmin ? <th>Change</th> : null}
              </tr>
            </thead>
            <tbody>
              {users.data.items.map((user) => (
                <tr key={user.id}>
                  <td>{user.name}</td>
                  <td>{user.email ?? ""}</td>
                  <td>
                    <StatusBadge status={user.status} />
                  </td>
                  <td>{user.roles.join(", ")}</td>
                  {isAdmin ? (
                    <td className="actions">
                      <RoleChanger user={user} onChange={(change) => ask(user, change)} />
                      {user.status === "active" && user.name !== session.user ? (
                        <button type="button" onClick={() => ask(user, { kind: "disable" })}>
                          Disable…
                        </button>
                      ) : null}
                    </td>
                  ) : null}
                </tr>
              ))}
            </tbody>
          </table>
        ) : null}
      </section>
      {isAdmin ? <AddUser program={session.program_name} onAdded={reload} /> : null}
      <UnlockSealedFields onUnlocked={reload} />
      {pending ? (
        <ConfirmDialog
          title="Change a user"
          confirmLabel="Yes, change"
          onConfirm={() => void confirmChange()}
          onCancel={() => setPending(null)}
        >
          <p>{describeChange(pending.user.name, pending.change, session.program_name)}</p>
        </ConfirmDialog>
      ) : null}
    </>
  );
}

function RoleChanger({ user, onChange }: { user: UserView; onChange: (change: UserChangeRequest) => void }) {
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

function AddUser({ program, onAdded }: { program: string; onAdded: () => void }) {
  const [name, setName] = useState("");
  const [password, setPassword] = useState("");
  const [email, setEmail] = useState("");
  const [roles, setRoles] = useState<RoleName[]>(["officer"]);
  const [key, setKey] = useState(newIdempotencyKey);
  const [confirming, setConfirming] = useState(false);
  const [error, setError] = useState<AppError | null>(null);
  const [added, setAdded] = useState<string | null>(null);

  function toggle(role: RoleName) {
    setRoles((held) => (held.includes(role) ? held.filter((r) => r !== role) : [...held, role]));
  }

  function submit(event: FormEvent) {
    event.preventDefault();
    setAdded(null);
    setConfirming(true);
  }

  async function confirm() {
    try {
      await unwrap(commands.addUser(name.trim(), password, roles, email.trim() === "" ? null : email.trim(), key));
      setAdded(`${name.trim()} was added.`);
      setError(null);
      setName("");
      setPassword("");
      setEmail("");
      setKey(newIdempotencyKey());
      onAdded();
    } catch (failure) {
      setError(asAppError(failure));
    }
    setConfirming(false);
  }

  return (
    <section aria-labelledby="add-user-title">
      <h2 id="add-user-title">Add a user</h2>
      <form className="card wide" onSubmit={submit}>
        <div className="row">
          <label>
            User name
            <input name="new-user" value={name} onChange={(e) => setName(e.target.value)} required />
          </label>
          <label>
            Password (at least 12 characters)
            <input
              name="new-password"
              type="password"
              value={password}
              onChange={(e) => setPassword(e.target.value)}
              required
            />
          </label>
          <label>
            E-mail (sealed; optional)
            <input name="new-email" type="email" value={email} onChange={(e) => setEmail(e.target.value)} />
          </label>
        </div>
        <fieldset>
          <legend>Roles in {program}</legend>
          {ROLES.map((role) => (
            <label key={role} className="check">
              <input
                type="checkbox"
                name={`role-${role}`}
                checked={roles.includes(role)}
                onChange={() => toggle(role)}
              />
              {role} <span className="hint">{ROLE_HINTS[role]}</span>
            </label>
          ))}
        </fieldset>
        <ErrorBanner error={error} />
        <Notice text={added} />
        <button type="submit" className="primary">
          Add user…
        </button>
      </form>
      {confirming ? (
        <ConfirmDialog
          title="Add a user"
          confirmLabel="Yes, add"
          onConfirm={() => void confirm()}
          onCancel={() => setConfirming(false)}
        >
          <p>
            Add <strong>{name.trim()}</strong> to program {program} with{" "}
            {roles.length === 1 ? "the role" : `${roles.length} roles:`}{" "}
            <strong>{roles.length === 0 ? "none" : roles.join(", ")}</strong>
            {email.trim() === "" ? "" : `, e-mail ${email.trim()} (sealed)`}?
          </p>
        </ConfirmDialog>
      ) : null}
    </section>
  );
}

function UnlockSealedFields({ onUnlocked }: { onUnlocked: () => void }) {
  const [passphrase, setPassphrase] = useState("");
  const [error, setError] = useState<AppError | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    try {
      const keyringNotice = await unwrap(commands.unlockSealedFields(passphrase));
      setError(null);
      setNotice(keyringNotice ?? "Sealed fields are open for this session.");
      onUnlocked();
    } catch (failure) {
      setError(asAppError(failure));
      setNotice(null);
    } finally {
      setPassphrase("");
      setBusy(false);
    }
  }

  return (
    <section aria-labelledby="unlock-title">
      <h2 id="unlock-title">Sealed fields</h2>
      <p className="hint">
        E-mail addresses are sealed with the organisation's data key. If this workstation's keyring does not hold it,
        the passphrase opens them for this session.
      </p>
      <form className="toolbar" onSubmit={(e) => void submit(e)}>
        <label>
          Organisation passphrase
          <input type="password" value={passphrase} onChange={(e) => setPassphrase(e.target.value)} required />
        </label>
        <button type="submit" disabled={busy}>
          Open sealed fields
        </button>
      </form>
      <ErrorBanner error={error} />
      <Notice text={notice} />
    </section>
  );
}
