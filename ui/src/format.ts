// Amounts arrive from Rust as exact decimal strings at the currency's scale ("1234.50").
// They are shown by rearranging their characters, never by reading them into a
// floating-point number, so what is shown is exactly what is booked.

const DECIMAL = /^(-?)(\d+)(?:\.(\d+))?$/;

/** Groups the integer digits in threes: "-1234567.80" becomes "-1,234,567.80". */
export function groupDigits(amount: string): string {
  const match = DECIMAL.exec(amount);
  if (!match) {
    return amount;
  }
  const [, sign, whole, fraction] = match;
  const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, ",");
  return fraction === undefined ? `${sign}${grouped}` : `${sign}${grouped}.${fraction}`;
}

/** Whether an amount string is zero, whatever its scale ("0", "0.00", "-0.000"). */
export function isZero(amount: string): boolean {
  const match = DECIMAL.exec(amount);
  return match !== null && /^0+$/.test(match[2]) && /^0*$/.test(match[3] ?? "");
}

/** An ISO date (YYYY-MM-DD) that really exists, or an explanation of what is wrong. */
export function checkDate(text: string): string | null {
  if (text === "") {
    return null;
  }
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!match) {
    return `"${text}" is not a date (write YYYY-MM-DD)`;
  }
  const [year, month, day] = match.slice(1).map(Number);
  const date = new Date(Date.UTC(year, month - 1, day));
  const real = date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
  return real ? null : `${text} is not a day of the calendar`;
}

/**
 * An instant from Rust ("2026-11-25T10:12:22.123456Z") in the window's local time, to the
 * second, with its zone: "2026-11-25 11:12:22 GMT+1". `timeZone` is for tests.
 */
export function auditTime(recordedAt: string, timeZone?: string): string {
  // To milliseconds: every engine reads three decimals of a second, not all read six.
  const instant = new Date(recordedAt.replace(/(\.\d{3})\d+/, "$1"));
  if (Number.isNaN(instant.getTime())) {
    return recordedAt;
  }
  const parts = new Intl.DateTimeFormat("en-GB", {
    timeZone,
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
    hour: "2-digit",
    minute: "2-digit",
    second: "2-digit",
    hourCycle: "h23",
    timeZoneName: "short",
  }).formatToParts(instant);
  const part = (type: Intl.DateTimeFormatPartTypes) => parts.find((p) => p.type === type)?.value ?? "";
  return `${part("year")}-${part("month")}-${part("day")} ${part("hour")}:${part("minute")}:${part("second")} ${part("timeZoneName")}`;
}

/**
 * What a percentage field's text reads as when it may have been meant as a fraction: "0.20"
 * (without a percent sign) is 0.20%, and the hint names the 20 that twenty per cent would be.
 * Worked on the characters, so nothing is rounded.
 */
export function percentHint(text: string): string | null {
  const match = /^0*\.(\d+)$|^0+\.(\d+)$/.exec(text.trim());
  if (match === null) {
    return null;
  }
  const fraction = match[1] ?? match[2];
  if (/^0*$/.test(fraction)) {
    return null;
  }
  const padded = fraction.padEnd(2, "0");
  const whole = padded.slice(0, 2).replace(/^0(?=\d)/, "");
  const rest = padded.slice(2).replace(/0+$/, "");
  const asPercent = rest === "" ? whole : `${whole}.${rest}`;
  return `${text.trim()} reads as ${text.trim()}%; rates here are percentages: for ${asPercent}% type ${asPercent}.`;
}

/** Today's date where the window runs, as YYYY-MM-DD: the default of a date a person enters. */
export function today(now: Date = new Date()): string {
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}

/** Words from Rust starting a line: their first letter capitalised ("Payable to Amal"). */
export function capitalised(words: string): string {
  const text = words.trim();
  return text === "" ? text : text[0].toUpperCase() + text.slice(1);
}

/** A clause from Rust as a sentence of its own: capitalised, with a full stop. */
export function sentence(clause: string): string {
  const text = capitalised(clause);
  if (text === "") {
    return text;
  }
  return /[.!?]$/.test(text) ? text : `${text}.`;
}

/** A journal entry's kind as words: "distribution_posted" is "distribution posted". */
export function entryKind(kind: string): string {
  return kind.replace(/_/g, " ");
}
