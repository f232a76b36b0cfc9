import { ConfirmDialog } from "../components/ConfirmDialog";
import { CONFIRM, TITLES, restate, type Pending } from "./pending";

export interface ConfirmActionDialogProps {
  pending: Pending;
  onConfirm: () => void;
  onCancel: () => void;
}

/** Restates an act on distributions, how many and how much, with its reason, before it is sent. */
export function ConfirmActionDialog({ pending, onConfirm, onCancel }: ConfirmActionDialogProps) {
  return (
    <ConfirmDialog
      title={TITLES[pending.kind]}
      confirmLabel={CONFIRM[pending.kind]}
      onConfirm={onConfirm}
      onCancel={onCancel}
    >
      {pending.kind === "cancel" || pending.kind === "reverse" ? (
        <p>
          {pending.kind === "cancel" ? "Cancel" : "Prepare the reversal of"} {restate([pending.item])}? Reason: “
          {pending.reason}”.
        </p>
      ) : (
        <p>
          {pending.kind === "approve" ? "Approve" : "Post to the ledger"} {restate(pending.items)}?
          {pending.kind === "approve" && pending.reason ? ` Override reason: “${pending.reason}”.` : ""}
        </p>
      )}
    </ConfirmDialog>
  );
}
