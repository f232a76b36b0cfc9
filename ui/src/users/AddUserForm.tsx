import { useState, type FormEvent } from "react";
import { Field } from "../components/Field";
import { Outcome } from "../components/Outcome";
import { ROLES, ROLE_HINTS, type RoleName } from "../roles";
import { useSubmission } from "../useSubmission";
import { AddUserDialog } from "./AddUserDialog";
import { addUser } from "./queries";

/** A new user of the program, with their roles; what will be added is restated before it is sent. */
export function AddUserForm({ program, onAdded }: { program: string; onAdded: () => void }) {
  const [name, setName] = useState("");
  const [password, setPassword] = useState("");
  const [email, setEmail] = useState("");
  const [roles, setRoles] = useState<RoleName[]>(["officer"]);
  const [confirming, setConfirming] = useState(false);
  const add = useSubmission();

  function toggle(role: RoleName) {
    setRoles((held) => (held.includes(role) ? held.filter((r) => r !== role) : [...held, role]));
  }

  function submit(event: FormEvent) {
    event.preventDefault();
    add.dismiss();
    setConfirming(true);
  }

  async function confirm() {
    await add.submit(async (key) => {
      await addUser(name.trim(), password, roles, email.trim() === "" ? null : email.trim(), key);
      setName("");
      setPassword("");
      setEmail("");
      onAdded();
      return `${name.trim()} was added.`;
    });
    setConfirming(false);
  }

  return (
    <section aria-labelledby="add-user-title">
      <h2 id="add-user-title">Add a user</h2>
      <form className="card wide" onSubmit={submit}>
        <div className="row">
          <Field label="User name" name="new-user" value={name} onChange={setName} required />
          <Field
            label="Password (at least 12 characters)"
            name="new-password"
            type="password"
            value={password}
            onChange={setPassword}
            required
          />
          <Field label="E-mail (sealed; optional)" name="new-email" type="email" value={email} onChange={setEmail} />
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
        <Outcome error={add.error} done={add.done} />
        <button type="submit" className="primary">
          Add user…
        </button>
      </form>
      {confirming ? (
        <AddUserDialog
          name={name.trim()}
          program={program}
          roles={roles}
          email={email.trim()}
          onConfirm={() => void confirm()}
          onCancel={() => setConfirming(false)}
        />
      ) : null}
    </section>
  );
}
