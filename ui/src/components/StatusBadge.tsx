import type {
  AllocationStatus,
  BatchStatus,
  DealStatus,
  DistributionStatus,
  EventStatus,
  PayoutItemStatus,
  PayoutStatus,
  PerformanceStatus,
  UserStatus,
  WithdrawalStatus,
} from "../bindings";

/** The tones a status can take: each pairs a colour with the word, never colour alone. */
export type Tone = "good" | "bad" | "warn" | "neutral";

/** The outcome of a check the window shows, beside the states of the store's objects. */
export type CheckStatus = "intact" | "broken" | "balanced" | "unbalanced" | "flagged";

/** Every status a badge shows: the states generated from Rust, and the checks. */
export type BadgeStatus =
  | DealStatus
  | PerformanceStatus
  | DistributionStatus
  | PayoutStatus
  | WithdrawalStatus
  | BatchStatus
  | PayoutItemStatus
  | UserStatus
  | EventStatus
  | AllocationStatus
  | CheckStatus;

// A Record over the union: a state added in Rust and not given a tone here fails the type check.
const TONES: Record<BadgeStatus, Tone> = {
  active: "good",
  closed: "neutral",
  recorded: "warn",
  verified: "good",
  prepared: "warn",
  approved: "good",
  posted: "good",
  cancelled: "neutral",
  unpaid: "neutral",
  requested: "warn",
  paid: "good",
  reversed: "neutral",
  pending: "warn",
  rejected: "bad",
  sent: "warn",
  failed: "bad",
  draft: "neutral",
  pending_approval: "warn",
  executed: "good",
  queued: "neutral",
  released: "neutral",
  disabled: "bad",
  calculated: "warn",
  completed: "good",
  allocated: "neutral",
  partially_withdrawn: "warn",
  fully_withdrawn: "good",
  intact: "good",
  broken: "bad",
  balanced: "good",
  unbalanced: "bad",
  flagged: "bad",
};

export function toneOf(status: BadgeStatus): Tone {
  return TONES[status];
}

export function StatusBadge({ status, label }: { status: BadgeStatus; label?: string }) {
  return (
    <span className={`badge badge-${toneOf(status)}`} data-status={status}>
      {label ?? status.replace(/_/g, " ")}
    </span>
  );
}
