import { DayPicker } from "@daypicker/react";
import "@daypicker/react/style.css";
import { useId, useRef, useState, type InputHTMLAttributes, type KeyboardEvent, type ReactNode } from "react";
import { checkDate, today } from "../format";

export type DateFieldProps = {
  label: ReactNode;
  value: string;
  onChange: (value: string) => void;
  /** The calendar button's name where the label is not plain text. */
  calendarLabel?: string;
} & Omit<InputHTMLAttributes<HTMLInputElement>, "onChange" | "value">;

/**
 * A date, typed as YYYY-MM-DD or picked from a calendar beside it. The calendar opens on the
 * day typed, or on today's month; picking a day writes it into the field as YYYY-MM-DD, and
 * Escape closes the calendar with the focus back on its button. The text is what goes to Rust.
 */
export function DateField({ label, value, onChange, calendarLabel, ...input }: DateFieldProps) {
  const id = useId();
  const [open, setOpen] = useState(false);
  const toggle = useRef<HTMLButtonElement>(null);
  const day = dayOf(value);
  const buttonName = calendarLabel ?? (typeof label === "string" ? `Calendar for ${label}` : "Calendar");
  function close() {
    setOpen(false);
    toggle.current?.focus();
  }
  function onKeyDown(event: KeyboardEvent) {
    if (event.key === "Escape") {
      // The calendar closes, not the dialog or the screen it sits in.
      event.stopPropagation();
      close();
    }
  }
  return (
    <div className="date-field">
      <label htmlFor={id}>{label}</label>
      <span className="date-input">
        <input
          id={id}
          placeholder="YYYY-MM-DD"
          autoComplete="off"
          {...input}
          value={value}
          onChange={(e) => onChange(e.target.value)}
        />
        <button
          type="button"
          ref={toggle}
          className="calendar-toggle"
          aria-label={buttonName}
          aria-expanded={open}
          aria-controls={open ? `${id}-calendar` : undefined}
          onClick={() => setOpen((shown) => !shown)}
        >
          <span aria-hidden="true">▦</span>
        </button>
      </span>
      {open ? (
        <div className="calendar" id={`${id}-calendar`} role="dialog" aria-label="Calendar" onKeyDown={onKeyDown}>
          <DayPicker
            mode="single"
            selected={day}
            defaultMonth={day ?? dayOf(today())}
            autoFocus
            labels={{ labelDayButton: dayButtonName }}
            onSelect={(picked) => {
              if (picked !== undefined) {
                onChange(today(picked));
              }
              close();
            }}
          />
        </div>
      ) : null}
    </div>
  );
}

/**
 * A day's button named with the number it shows first ("24 November 2026, Tuesday"), so that
 * what is read out starts with what is seen.
 */
function dayButtonName(date: Date, modifiers: { today?: boolean; selected?: boolean }): string {
  const day = date.toLocaleDateString("en-GB", { day: "numeric", month: "long", year: "numeric" });
  const weekday = date.toLocaleDateString("en-GB", { weekday: "long" });
  return `${day}, ${weekday}${modifiers.today ? ", today" : ""}${modifiers.selected ? ", selected" : ""}`;
}

/** The local day a YYYY-MM-DD text names, if it names one. */
function dayOf(text: string): Date | undefined {
  if (text === "" || checkDate(text) !== null) {
    return undefined;
  }
  const [year, month, date] = text.split("-").map(Number);
  return new Date(year, month - 1, date);
}
