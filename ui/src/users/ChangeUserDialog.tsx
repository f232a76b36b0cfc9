import type { UserChangeRequest } from "../bindings";
import { ConfirmDialog } from "../components/ConfirmDialog";

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

export interface ChangeUserDialogProps {
  user: string;
  change: UserChangeRequest;
  program: string;
  onConfirm: () => void;
  onCancel: () => void;
}

/** Restates a change to a user, who and in which program, before it is sent. */
export function ChangeUserDialog({ user, change, program, onConfirm, onCancel }: ChangeUserDialogProps) {
  return (
    <ConfirmDialog title="Change a user" confirmLabel="Yes, change" onConfirm={onConfirm} onCancel={onCancel}>
      <p>{describeChange(user, change, program)}</p>
    </ConfirmDialog>
  );
}
