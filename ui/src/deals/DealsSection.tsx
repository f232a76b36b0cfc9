import { useState } from "react";
import type { SessionView } from "../bindings";
import { DealListPage } from "./DealListPage";
import { DealPage } from "./DealPage";

/** The deals: their list with the parties and the forms that add them, or one deal's page. */
export function DealsSection({ session }: { session: SessionView }) {
  const [open, setOpen] = useState<number | null>(null);
  if (open !== null) {
    return <DealPage id={open} onBack={() => setOpen(null)} />;
  }
  return <DealListPage session={session} onOpen={setOpen} />;
}
