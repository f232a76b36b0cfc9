import type { DealView } from "../bindings";
import { ConfirmDialog } from "../components/ConfirmDialog";
import { groupDigits } from "../format";

export interface CloseDealDialogProps {
  deal: DealView;
  onConfirm: () => void;
  onCancel: () => void;
}

/** Restates the deal's capital and investments, and what closing it means, before it is sent. */
export function CloseDealDialog({ deal, onConfirm, onCancel }: CloseDealDialogProps) {
  return (
    <ConfirmDialog title="Close a deal" confirmLabel="Yes, close it" onCancel={onCancel} onConfirm={onConfirm}>
      <p>
        Close {deal.name}, with {groupDigits(deal.capital)} {deal.currency} of capital from {deal.investments}{" "}
        investments? It will take no new capital and the daily run will pass it by. Its records and distributions stay.
      </p>
    </ConfirmDialog>
  );
}
