//! The shape of every mutating use case, written once.
//!
//! A use case declares what it is (an [`OperationSpec`]: its name, the roles that may run it
//! and what they do), then:
//!
//! 1. [`Operation::begin`] opens the one transaction everything happens in and checks the
//!    actor against the database as it is now (still enabled, still holding a role), not
//!    against what the session remembers from sign-in;
//! 2. [`Operation::claim`] claims the idempotency key with the request: a replay returns the
//!    stored result and nothing else happens;
//! 3. the use case makes its change through [`Operation::tx`] and records it with
//!    [`Operation::audit`];
//! 4. [`Operation::finish`] keeps the result under the key and commits, so a replay finds
//!    exactly what this call returned.
//!
//! Dropping an operation before `finish` rolls everything back: an error changes nothing.

use prorata_domain::control::{Actor, Role};
use prorata_store::Store;
use prorata_store::control::{AuditHead, AuditRecord, Tx, append_audit, standing_in_program};
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::Value;

use crate::clock::Clock;
use crate::session::{Session, store_error};
use crate::{Code, Error, idempotent};

/// What a mutating use case is: its name (the idempotency record's operation and the audit
/// record's action), the roles that may run it, and what they do (for the refusal).
#[derive(Debug, Clone, Copy)]
pub(crate) struct OperationSpec {
    pub name: &'static str,
    pub roles: &'static [Role],
    pub purpose: &'static str,
}

/// One change to the store, in progress: its transaction, who makes it and under which key.
pub(crate) struct Operation<'a> {
    tx: Tx<'static>,
    store: &'a Store,
    clock: &'a dyn Clock,
    session: &'a Session,
    actor: Actor,
    spec: OperationSpec,
    key: &'a str,
    /// The last audit record this operation appended, noted as seen once it commits.
    audit_head: Option<AuditHead>,
}

impl std::fmt::Debug for Operation<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Operation")
            .field("name", &self.spec.name)
            .field("actor", &self.actor.user)
            .field("key", &self.key)
            .finish_non_exhaustive()
    }
}

impl<'a> Operation<'a> {
    /// Opens the operation's transaction and refuses an actor who is disabled, or who holds
    /// none of the spec's roles in the session's program, as the database says now.
    pub async fn begin(
        store: &'a Store,
        clock: &'a dyn Clock,
        session: &'a Session,
        spec: OperationSpec,
        key: &'a str,
    ) -> Result<Operation<'a>, Error> {
        // A change that could not be put on the record is refused before it is begun.
        store.audit_signing().signer()?;
        let mut tx = begin_tx(store).await?;
        let actor = current_actor(&mut tx, session).await?;
        actor.require_any(spec.roles, spec.purpose)?;
        Ok(Operation {
            tx,
            store,
            clock,
            session,
            actor,
            spec,
            key,
            audit_head: None,
        })
    }

    /// Notes an audit record appended in this operation's transaction by a shared step.
    pub fn appended(&mut self, head: AuditHead) {
        self.audit_head = Some(head);
    }

    /// Opens an operation that is not replayed by key: a reveal, a passphrase change. It
    /// ends with [`Operation::commit`], never [`Operation::finish`].
    pub async fn begin_unkeyed(
        store: &'a Store,
        clock: &'a dyn Clock,
        session: &'a Session,
        spec: OperationSpec,
    ) -> Result<Operation<'a>, Error> {
        Operation::begin(store, clock, session, spec, "").await
    }

    /// Claims the idempotency key for `request`: `Some(result)` when this request already
    /// ran (return it, change nothing), `None` when the change should be made now.
    pub async fn claim<T: DeserializeOwned>(
        &mut self,
        request: &Value,
    ) -> Result<Option<T>, Error> {
        idempotent::claim(
            &mut self.tx,
            self.clock,
            self.session,
            self.key,
            self.spec.name,
            request,
        )
        .await
    }

    /// The operation's transaction, for the store's `*_in_tx` calls.
    pub fn tx(&mut self) -> &mut Tx<'static> {
        &mut self.tx
    }

    pub fn clock(&self) -> &'a dyn Clock {
        self.clock
    }

    pub fn store(&self) -> &'a Store {
        self.store
    }

    pub fn spec(&self) -> OperationSpec {
        self.spec
    }

    pub fn session(&self) -> &'a Session {
        self.session
    }

    /// The actor as the database knows them now: the roles to decide with.
    pub fn actor(&self) -> &Actor {
        &self.actor
    }

    /// Records the change under the operation's own name.
    pub async fn audit(&mut self, object: String, after: Value) -> Result<(), Error> {
        let change = Change::new(self.spec.name, object, after);
        self.record(change).await
    }

    /// Records a change whose action, reason or absence of an `after` differ from the plain
    /// case (an override, a reveal).
    pub async fn record(&mut self, change: Change<'_>) -> Result<(), Error> {
        let head = audit_in_tx(&mut self.tx, self.store, self.clock, self.session, change).await?;
        self.audit_head = Some(head);
        Ok(())
    }

    /// Keeps `result` under the idempotency key, then commits.
    pub async fn finish<T: Serialize>(mut self, result: T) -> Result<T, Error> {
        assert!(
            !self.key.is_empty(),
            "{} is not idempotent by key",
            self.spec.name
        );
        idempotent::complete(&mut self.tx, self.session, self.key, &result).await?;
        commit_noting(self.store, self.tx, self.audit_head).await?;
        Ok(result)
    }

    /// Ends the operation without a result kept under its key (the change is committed):
    /// for changes that are not idempotent by key, such as a passphrase change or a reveal.
    pub async fn commit(self) -> Result<(), Error> {
        commit_noting(self.store, self.tx, self.audit_head).await
    }

    /// Rolls the transaction back, releasing a fresh claim: for a long job that takes its
    /// key again when it ends, so that no transaction stays open for the whole job.
    pub async fn release(self) -> Result<(), Error> {
        self.tx.rollback().await.map_err(store_error)
    }
}

/// One audit record's parts that differ between changes; the program, the actor and the
/// time are the operation's.
#[derive(Debug, Clone)]
pub(crate) struct Change<'r> {
    pub action: &'r str,
    pub object: String,
    pub before: Option<Value>,
    pub after: Option<Value>,
    pub reason: Option<&'r str>,
}

impl<'r> Change<'r> {
    pub fn new(action: &'r str, object: String, after: Value) -> Change<'r> {
        Change {
            action,
            object,
            before: None,
            after: Some(after),
            reason: None,
        }
    }

    /// A record of something seen or done that changed no row: a reveal, with its reason.
    pub fn reveal(action: &'r str, object: String, reason: &'r str) -> Change<'r> {
        Change {
            action,
            object,
            before: None,
            after: None,
            reason: Some(reason),
        }
    }

    /// What the object was before the change.
    pub fn from(mut self, before: Value) -> Change<'r> {
        self.before = Some(before);
        self
    }

    pub fn because(mut self, reason: Option<&'r str>) -> Change<'r> {
        self.reason = reason;
        self
    }
}

/// Appends the audit record of a change in the change's own transaction: the form for a
/// batch job's transactions, which are not an [`Operation`] each.
pub(crate) async fn audit_in_tx(
    tx: &mut Tx<'_>,
    store: &Store,
    clock: &dyn Clock,
    session: &Session,
    change: Change<'_>,
) -> Result<AuditHead, Error> {
    let record = AuditRecord {
        program_id: Some(session.program.id),
        actor: session.user().to_owned(),
        action: change.action.to_owned(),
        object: change.object,
        before: change.before,
        after: change.after,
        reason: change.reason.map(str::to_owned),
    };
    Ok(append_audit(tx, store.audit_signing().signer()?, &record, clock.now()).await?)
}

/// The session's user as the database knows them in `tx`: refused when disabled or gone,
/// with the roles granted in the session's program now. Their row stays share-locked for
/// the rest of the operation.
pub(crate) async fn current_actor(tx: &mut Tx<'_>, session: &Session) -> Result<Actor, Error> {
    let name = &session.actor.user;
    let standing = standing_in_program(tx, session.user_id, session.program.id)
        .await?
        .filter(|standing| standing.name == name.as_str())
        .ok_or_else(|| {
            Error::new(
                Code::PermissionDenied,
                format!("user {name} no longer exists: sign in again"),
            )
        })?;
    if standing.disabled {
        return Err(Error::new(
            Code::PermissionDenied,
            format!("user {name} is disabled"),
        ));
    }
    Ok(Actor {
        user: name.clone(),
        roles: standing.roles,
    })
}

/// A transaction of the store's pool.
pub(crate) async fn begin_tx(store: &Store) -> Result<Tx<'static>, Error> {
    store.pool().begin().await.map_err(store_error)
}

pub(crate) async fn commit(tx: Tx<'_>) -> Result<(), Error> {
    tx.commit().await.map_err(store_error)
}

/// Appends `record` (signed by the store's handle) and commits: for the few records made
/// outside an [`Operation`], such as sign-ins and the store's own.
pub(crate) async fn record_and_commit(
    store: &Store,
    mut tx: Tx<'_>,
    record: &AuditRecord,
    at: chrono::DateTime<chrono::Utc>,
) -> Result<(), Error> {
    let head = append_audit(&mut tx, store.audit_signing().signer()?, record, at).await?;
    commit_noting(store, tx, Some(head)).await
}

/// Commits, then notes `head` (the last audit record the transaction appended) as seen by
/// this workstation, so that `audit verify` notices if records are later cut from the end.
pub(crate) async fn commit_noting(
    store: &Store,
    tx: Tx<'_>,
    head: Option<AuditHead>,
) -> Result<(), Error> {
    commit(tx).await?;
    if let Some(head) = head {
        // The change is committed whatever happens to the note: a head that could not be
        // written only means the next verify compares with an older one, and says so.
        let _ = store.audit_signing().note_head(head);
    }
    Ok(())
}
