/** The tones a status can take: each pairs a colour with the word, never colour alone. */
export type Tone = "good" | "bad" | "warn" | "neutral";

const TONES: Record<string, Tone> = {
  active: "good",
  intact: "good",
  balanced: "good",
  running: "good",
  disabled: "bad",
  broken: "bad",
  unbalanced: "bad",
  stopped: "warn",
  not_initialised: "warn",
  closed: "neutral",
  recorded: "warn",
  verified: "good",
  flagged: "bad",
  prepared: "warn",
  approved: "good",
  posted: "good",
  cancelled: "neutral",
  unpaid: "neutral",
  paid: "good",
};

export function toneOf(status: string): Tone {
  return TONES[status] ?? "neutral";
}

export function StatusBadge({ status, label }: { status: string; label?: string }) {
  return (
    <span className={`badge badge-${toneOf(status)}`} data-status={status}>
      {label ?? status.replace(/_/g, " ")}
    </span>
  );
}
