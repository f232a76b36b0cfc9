import { useState } from "react";
import type { SessionView } from "../bindings";
import type { Place } from "../desk/navigation";
import { DealListPage } from "./DealListPage";
import { DealPage } from "./DealPage";

/** The deals: their list with the parties and the forms that add them, or one deal's page. */
export function DealsSection({ session, place }: { session: SessionView; place?: Place }) {
  const [open, setOpen] = useState<number | null>(place?.deal ?? null);
  if (open !== null) {
    return <DealPage id={open} onBack={() => setOpen(null)} codeAsked={session.second_factor_required} />;
  }
  return <DealListPage session={session} onOpen={setOpen} marked={place?.party} />;
}
