import { groupDigits } from "../format";

/** An exact amount, right-aligned in tabular figures, with its currency code beside it. */
export function Amount({ value, currency }: { value: string | null; currency?: string }) {
  if (value === null) {
    return <td className="num" />;
  }
  return (
    <td className="num">
      {groupDigits(value)}
      {currency ? <span className="ccy"> {currency}</span> : null}
    </td>
  );
}
