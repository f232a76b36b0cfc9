// Names as links to what they name: a deal opens its page, a party its row among the
// parties. Where the user is not offered the section, the name is plain text.
import type { ReactNode } from "react";
import type { NamedRecord } from "../bindings";
import { useNavigation, type Place } from "../desk/navigation";

function PlaceLink({ place, label, children }: { place: Place; label: string; children: ReactNode }) {
  const { goTo, offers } = useNavigation();
  if (!offers(place.section)) {
    return <>{children}</>;
  }
  return (
    <button type="button" className="link" onClick={() => goTo(place)} aria-label={label}>
      {children}
    </button>
  );
}

export function DealLink({ id, name }: { id: number; name: string }) {
  return (
    <PlaceLink place={{ section: "deals", deal: id }} label={`Open deal ${name}`}>
      {name}
    </PlaceLink>
  );
}

export function PartyLink({ kind, id, name }: { kind: "partner" | "investor"; id: number; name: string }) {
  return (
    <PlaceLink place={{ section: "deals", party: { kind, id } }} label={`Show ${kind} ${name}`}>
      {name}
    </PlaceLink>
  );
}

/** A deal, partner or investor, named, as a link to it. */
export function RecordLink({ record }: { record: NamedRecord }) {
  return record.kind === "deal" ? (
    <DealLink id={record.id} name={record.name} />
  ) : (
    <PartyLink kind={record.kind} id={record.id} name={record.name} />
  );
}
