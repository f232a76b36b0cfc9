import { useCallback, useEffect, useState } from "react";
import type { Items, SessionView, UserChangeRequest, UserView } from "../bindings";
import { ErrorBanner, Notice } from "../components/ErrorBanner";
import { reloadStale, type Stale } from "../stale";
import { useCommand } from "../useCommand";
import { useSubmission } from "../useSubmission";
import { AddUserForm } from "./AddUserForm";
import { ChangeUserDialog } from "./ChangeUserDialog";
import { STALE, changeUser, listUsers, type UsersList } from "./queries";
import { UnlockSealedFields } from "./UnlockSealedFields";
import { UsersTable } from "./UsersTable";

interface PendingChange {
  user: UserView;
  change: UserChangeRequest;
}

export function UsersSection({ session }: { session: SessionView }) {
  const users = useCommand<Items<UserView>>();
  const { run } = users;
  const reload = useCallback(() => void run(listUsers), [run]);
  useEffect(reload, [reload]);
  const refresh = (stale: Stale<UsersList>) => reloadStale(stale, { users: reload });
  const [pending, setPending] = useState<PendingChange | null>(null);
  const change = useSubmission();
  const isAdmin = session.roles.includes("admin");

  function ask(user: UserView, request: UserChangeRequest) {
    change.dismiss();
    change.renew();
    setPending({ user, change: request });
  }

  async function confirmChange() {
    if (pending === null) {
      return;
    }
    await change.submit(async (key) => {
      const result = await changeUser(pending.user.name, pending.change, key);
      refresh(STALE.changeUser);
      return result.changed ? `${result.user}: ${result.change} done.` : `${result.user}: already so; nothing changed.`;
    });
    setPending(null);
  }

  return (
    <>
      <section aria-labelledby="users-title">
        <h2 id="users-title">Users of {session.program_name}</h2>
        <Notice text={change.done} />
        <ErrorBanner error={users.error ?? change.error} />
        {users.data ? (
          <UsersTable users={users.data.items} signedIn={session.user} isAdmin={isAdmin} onAsk={ask} />
        ) : null}
      </section>
      {isAdmin ? <AddUserForm program={session.program_name} onAdded={() => refresh(STALE.addUser)} /> : null}
      <UnlockSealedFields onUnlocked={() => refresh(STALE.unlockSealedFields)} />
      {pending ? (
        <ChangeUserDialog
          user={pending.user.name}
          change={pending.change}
          program={session.program_name}
          onConfirm={() => void confirmChange()}
          onCancel={() => setPending(null)}
        />
      ) : null}
    </>
  );
}
