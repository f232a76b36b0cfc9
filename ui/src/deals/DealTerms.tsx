import type { DealView } from "../bindings";
import { StatusBadge } from "../components/StatusBadge";
import { groupDigits } from "../format";
import { PartyLink } from "../components/Links";

/** A deal's name and terms: partner, currency, capital, rates and circuit breaker, and its status. */
export function DealTerms({ deal }: { deal: DealView }) {
  return (
    <>
      <h2 data-testid="deal-title">{deal.name}</h2>
      <p className="terms">
        Partner <PartyLink kind="partner" id={deal.partner_id} name={deal.partner} /> · {deal.currency} · capital{" "}
        {groupDigits(deal.capital)} · partner {deal.partner_commission_percent} · platform {deal.platform_fee_percent} ·
        circuit breaker {deal.circuit_breaker_percent} · <StatusBadge status={deal.status} />
      </p>
    </>
  );
}
