import { ConfirmDialog } from "../components/ConfirmDialog";

export interface AddUserDialogProps {
  name: string;
  program: string;
  roles: string[];
  /** Empty when none was given. */
  email: string;
  onConfirm: () => void;
  onCancel: () => void;
}

/** Restates who is added to which program, with which roles and e-mail, before it is sent. */
export function AddUserDialog({ name, program, roles, email, onConfirm, onCancel }: AddUserDialogProps) {
  return (
    <ConfirmDialog title="Add a user" confirmLabel="Yes, add" onConfirm={onConfirm} onCancel={onCancel}>
      <p>
        Add <strong>{name}</strong> to program {program} with{" "}
        {roles.length === 1 ? "the role" : `${roles.length} roles:`}{" "}
        <strong>{roles.length === 0 ? "none" : roles.join(", ")}</strong>
        {email === "" ? "" : `, e-mail ${email} (sealed)`}?
      </p>
    </ConfirmDialog>
  );
}
