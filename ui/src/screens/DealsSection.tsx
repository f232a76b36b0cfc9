import { useCallback, useEffect, useState, type FormEvent } from "react";
import {
  commands,
  type AppError,
  type DealDetail,
  type DealView,
  type Items,
  type PartyView,
  type SessionView,
} from "../bindings";
import { ConfirmDialog } from "../components/ConfirmDialog";
import { Amount } from "../components/Amount";
import { ErrorBanner, Notice } from "../components/ErrorBanner";
import { StatusBadge } from "../components/StatusBadge";
import { ValueChart } from "../components/ValueChart";
import { asAppError, unwrap } from "../errors";
import { checkDate, groupDigits } from "../format";
import { holds, newIdempotencyKey } from "../roles";
import { useCommand } from "../useCommand";

/** A form's submission: one key per form, kept across retries, renewed after success. */
function useSubmission() {
  const [key, setKey] = useState(newIdempotencyKey);
  const [error, setError] = useState<AppError | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  async function submit(call: (key: string) => Promise<string>) {
    setBusy(true);
    setDone(null);
    try {
      setDone(await call(key));
      setError(null);
      setKey(newIdempotencyKey());
    } catch (failure) {
      setError(asAppError(failure));
    } finally {
      setBusy(false);
    }
  }
  /** Submits once `date` is a real YYYY-MM-DD day; otherwise says what is wrong and sends nothing. */
  function submitDated(date: string, call: (key: string) => Promise<string>) {
    const problem = date === "" ? "a date is required" : checkDate(date);
    if (problem !== null) {
      setError({ code: "validation", message: `date: ${problem}` });
      return;
    }
    void submit(call);
  }
  return { submit, submitDated, error, done, busy };
}

export function DealsSection({ session }: { session: SessionView }) {
  const [open, setOpen] = useState<number | null>(null);
  if (open !== null) {
    return <DealScreen id={open} session={session} onBack={() => setOpen(null)} />;
  }
  return <DealList session={session} onOpen={setOpen} />;
}

function DealList({ session, onOpen }: { session: SessionView; onOpen: (id: number) => void }) {
  const deals = useCommand<Items<DealView>>();
  const [partiesVersion, setPartiesVersion] = useState(0);
  const { run } = deals;
  const reload = useCallback(() => void run(() => unwrap(commands.listDeals())), [run]);
  useEffect(reload, [reload]);
  const maker = holds(session.roles, "officer") || holds(session.roles, "admin");
  return (
    <>
      <ErrorBanner error={deals.error} />
      {deals.data && deals.data.items.length === 0 ? <p className="empty">No deal yet.</p> : null}
      {deals.data && deals.data.items.length > 0 ? (
        <table data-testid="deals">
          <thead>
            <tr>
              <th>Deal</th>
              <th>Partner</th>
              <th className="num">Capital</th>
              <th>Currency</th>
              <th className="num">Investments</th>
              <th className="num">Partner / platform</th>
              <th>Status</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {deals.data.items.map((deal) => (
              <tr key={deal.id}>
                <td>{deal.name}</td>
                <td>{deal.partner}</td>
                <Amount value={deal.capital} />
                <td>{deal.currency}</td>
                <td className="num">{deal.investments}</td>
                <td className="num">
                  {deal.partner_commission_rate} / {deal.platform_fee_rate}
                </td>
                <td>
                  <StatusBadge status={deal.status} />
                </td>
                <td>
                  <button type="button" onClick={() => onOpen(deal.id)} aria-label={`Open ${deal.name}`}>
                    Open
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      <Parties key={partiesVersion} />
      {maker ? (
        <NewDealForms
          onChanged={() => {
            reload();
            setPartiesVersion((v) => v + 1);
          }}
        />
      ) : null}
    </>
  );
}

/** The program's partners and investors, with the ids the forms also accept. */
function Parties() {
  const partners = useCommand<Items<PartyView>>();
  const investors = useCommand<Items<PartyView>>();
  const runPartners = partners.run;
  const runInvestors = investors.run;
  useEffect(() => {
    void runPartners(() => unwrap(commands.listPartners()));
    void runInvestors(() => unwrap(commands.listInvestors()));
  }, [runPartners, runInvestors]);
  const rows = [
    ...(partners.data?.items ?? []).map((p) => ({ ...p, role: "partner" })),
    ...(investors.data?.items ?? []).map((p) => ({ ...p, role: "investor" })),
  ];
  return (
    <section aria-labelledby="parties-title">
      <h2 id="parties-title">Partners and investors</h2>
      <ErrorBanner error={partners.error ?? investors.error} />
      {rows.length === 0 ? (
        <p className="empty">None yet.</p>
      ) : (
        <table data-testid="parties">
          <thead>
            <tr>
              <th className="num">Id</th>
              <th>Name</th>
              <th>Role</th>
              <th>E-mail</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((p) => (
              <tr key={`${p.role}-${p.id}`}>
                <td className="num">{p.id}</td>
                <td>{p.name}</td>
                <td>{p.role}</td>
                <td>{p.email ?? ""}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

function NewDealForms({ onChanged }: { onChanged: () => void }) {
  const partner = useSubmission();
  const investor = useSubmission();
  const deal = useSubmission();
  const [partnerName, setPartnerName] = useState("");
  const [investorName, setInvestorName] = useState("");
  const [investorEmail, setInvestorEmail] = useState("");
  const [form, setForm] = useState({
    name: "",
    currency: "USD",
    partner: "",
    partner_commission_rate: "0.20",
    platform_fee_rate: "0.02",
    circuit_breaker_threshold: "0.25",
  });
  const set = (field: keyof typeof form) => (e: React.ChangeEvent<HTMLInputElement>) =>
    setForm({ ...form, [field]: e.target.value });

  return (
    <div className="forms">
      <form
        className="card wide"
        onSubmit={(e) => {
          e.preventDefault();
          void partner.submit(async (key) => {
            const c = await unwrap(commands.addPartner(partnerName, key));
            setPartnerName("");
            return `Partner ${c.id} added.`;
          });
        }}
      >
        <h2>Add a partner</h2>
        <label>
          Partner name
          <input name="partner-name" value={partnerName} onChange={(e) => setPartnerName(e.target.value)} required />
        </label>
        <ErrorBanner error={partner.error} />
        <Notice text={partner.done} />
        <button type="submit" disabled={partner.busy}>
          Add partner
        </button>
      </form>
      <form
        className="card wide"
        onSubmit={(e) => {
          e.preventDefault();
          void investor.submit(async (key) => {
            const c = await unwrap(
              commands.addInvestor(investorName, investorEmail === "" ? null : investorEmail, key),
            );
            setInvestorName("");
            setInvestorEmail("");
            return `Investor ${c.id} added.`;
          });
        }}
      >
        <h2>Add an investor</h2>
        <div className="row">
          <label>
            Investor name
            <input
              name="investor-name"
              value={investorName}
              onChange={(e) => setInvestorName(e.target.value)}
              required
            />
          </label>
          <label>
            E-mail (sealed; optional)
            <input
              name="investor-email"
              type="email"
              value={investorEmail}
              onChange={(e) => setInvestorEmail(e.target.value)}
            />
          </label>
        </div>
        <ErrorBanner error={investor.error} />
        <Notice text={investor.done} />
        <button type="submit" disabled={investor.busy}>
          Add investor
        </button>
      </form>
      <form
        className="card wide"
        onSubmit={(e) => {
          e.preventDefault();
          void deal.submit(async (key) => {
            const c = await unwrap(
              commands.createDeal({ ...form, circuit_breaker_threshold: form.circuit_breaker_threshold || null }, key),
            );
            onChanged();
            return `Deal ${form.name} created (id ${c.id}).`;
          });
        }}
      >
        <h2>New deal</h2>
        <div className="row">
          <label>
            Name
            <input name="deal-name" value={form.name} onChange={set("name")} required />
          </label>
          <label>
            Currency
            <input name="deal-currency" value={form.currency} onChange={set("currency")} size={4} required />
          </label>
          <label>
            Partner (name or id)
            <input name="deal-partner" value={form.partner} onChange={set("partner")} required />
          </label>
        </div>
        <div className="row">
          <label>
            Partner commission rate
            <input
              name="deal-partner-rate"
              value={form.partner_commission_rate}
              onChange={set("partner_commission_rate")}
              required
            />
          </label>
          <label>
            Platform fee rate
            <input
              name="deal-platform-rate"
              value={form.platform_fee_rate}
              onChange={set("platform_fee_rate")}
              required
            />
          </label>
          <label>
            Circuit-breaker threshold
            <input
              name="deal-threshold"
              value={form.circuit_breaker_threshold}
              onChange={set("circuit_breaker_threshold")}
            />
          </label>
        </div>
        <p className="hint">Rates are fractions of profit: 0.20 is 20%. The two together may not exceed 1.</p>
        <ErrorBanner error={deal.error} />
        <Notice text={deal.done} />
        <button type="submit" className="primary" disabled={deal.busy}>
          Create deal
        </button>
      </form>
    </div>
  );
}

function DealScreen({ id, session, onBack }: { id: number; session: SessionView; onBack: () => void }) {
  const detail = useCommand<DealDetail>();
  const { run } = detail;
  const reload = useCallback(() => void run(() => unwrap(commands.showDeal(String(id)))), [run, id]);
  useEffect(reload, [reload]);
  const verify = useSubmission();
  const close = useSubmission();
  const [confirmClose, setConfirmClose] = useState(false);
  const d = detail.data;
  const officer = holds(session.roles, "officer");
  const approver = holds(session.roles, "approver");
  return (
    <>
      <button type="button" onClick={onBack}>
        ← All deals
      </button>
      <ErrorBanner error={detail.error} />
      {d ? (
        <>
          <h2 data-testid="deal-title">{d.deal.name}</h2>
          <p className="terms">
            Partner {d.deal.partner} · {d.deal.currency} · capital {groupDigits(d.deal.capital)} · partner{" "}
            {d.deal.partner_commission_rate} · platform {d.deal.platform_fee_rate} · circuit breaker{" "}
            {d.deal.circuit_breaker_threshold} · <StatusBadge status={d.deal.status} />
          </p>
          {(officer || holds(session.roles, "admin")) && d.deal.status === "active" ? (
            <div className="toolbar">
              <button type="button" onClick={() => setConfirmClose(true)}>
                Close this deal…
              </button>
            </div>
          ) : null}
          <ErrorBanner error={close.error} />
          <Notice text={close.done} />
          {confirmClose ? (
            <ConfirmDialog
              title="Close a deal"
              confirmLabel="Yes, close it"
              onCancel={() => setConfirmClose(false)}
              onConfirm={() => {
                setConfirmClose(false);
                void close.submit(async (key) => {
                  await unwrap(commands.closeDeal(String(d.deal.id), key));
                  reload();
                  return `${d.deal.name} is closed.`;
                });
              }}
            >
              <p>
                Close {d.deal.name}, with {groupDigits(d.deal.capital)} {d.deal.currency} of capital from{" "}
                {d.deal.investments} investments? It will take no new capital and the daily run will pass it by. Its
                records and distributions stay.
              </p>
            </ConfirmDialog>
          ) : null}
          <ValueChart history={d.history} currency={d.deal.currency} />
          <h2>Performance</h2>
          <ErrorBanner error={verify.error} />
          <Notice text={verify.done} />
          <table data-testid="performance">
            <thead>
              <tr>
                <th>Date</th>
                <th className="num">Value</th>
                <th className="num">Compared with</th>
                <th className="num">Change</th>
                <th>Status</th>
                <th>Recorded by</th>
                <th>Verified by</th>
                <th>Notes</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {d.performance.map((p) => (
                <tr key={p.id}>
                  <td>{p.date}</td>
                  <Amount value={p.value} />
                  <Amount value={p.previous_value} />
                  <td className="num">
                    {p.change ?? "–"} {p.flagged ? <StatusBadge status="flagged" /> : null}
                  </td>
                  <td>
                    <StatusBadge status={p.status} />
                  </td>
                  <td>{p.recorded_by}</td>
                  <td>{p.verified_by ?? ""}</td>
                  <td>{[p.notes, ...p.warnings].filter(Boolean).join(" · ")}</td>
                  <td>
                    {approver && p.status === "recorded" && p.recorded_by !== session.user ? (
                      <button
                        type="button"
                        onClick={() =>
                          void verify.submit(async (key) => {
                            await unwrap(commands.verifyPerformance(p.id, key));
                            reload();
                            return `The value of ${p.date} is verified.`;
                          })
                        }
                      >
                        Verify
                      </button>
                    ) : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          {officer ? <RecordPerformance deal={String(d.deal.id)} onRecorded={reload} /> : null}
          <h2>Investments</h2>
          <table data-testid="investments">
            <thead>
              <tr>
                <th>Date</th>
                <th>Investor</th>
                <th className="num">Amount</th>
              </tr>
            </thead>
            <tbody>
              {d.investments.map((i) => (
                <tr key={i.id}>
                  <td>{i.invested_on}</td>
                  <td>{i.investor}</td>
                  <Amount value={i.amount} currency={d.deal.currency} />
                </tr>
              ))}
            </tbody>
          </table>
          {officer || holds(session.roles, "admin") ? (
            <AddInvestment deal={String(d.deal.id)} onAdded={reload} />
          ) : null}
          <h2>Distributions</h2>
          <table data-testid="deal-distributions">
            <thead>
              <tr>
                <th className="num">#</th>
                <th>Date</th>
                <th>Status</th>
                <th className="num">High-water mark</th>
                <th className="num">Profit</th>
                <th className="num">Investor pool</th>
              </tr>
            </thead>
            <tbody>
              {d.distributions.map((x) => (
                <tr key={x.id}>
                  <td className="num">{x.id}</td>
                  <td>{x.date}</td>
                  <td>
                    <StatusBadge status={x.status} />
                  </td>
                  <Amount value={x.high_water_mark} />
                  <Amount value={x.profit} />
                  <Amount value={x.investor_pool} currency={x.currency} />
                </tr>
              ))}
            </tbody>
          </table>
          {officer ? <PrepareDistribution deal={String(d.deal.id)} onPrepared={reload} /> : null}
        </>
      ) : null}
    </>
  );
}

function RecordPerformance({ deal, onRecorded }: { deal: string; onRecorded: () => void }) {
  const [date, setDate] = useState("");
  const [value, setValue] = useState("");
  const [market, setMarket] = useState("");
  const [notes, setNotes] = useState("");
  const record = useSubmission();
  function submit(event: FormEvent) {
    event.preventDefault();
    record.submitDated(date, async (key) => {
      const r = await unwrap(
        commands.recordPerformance({ deal, date, value, market_conditions: market || null, notes: notes || null }, key),
      );
      onRecorded();
      return [`Recorded (id ${r.id}), change ${r.change ?? "from zero"}.`, ...r.warnings].join(" ");
    });
  }
  return (
    <form className="card wide" onSubmit={submit}>
      <h2>Record performance</h2>
      <div className="row">
        <label>
          Date
          <input
            name="performance-date"
            value={date}
            onChange={(e) => setDate(e.target.value)}
            placeholder="YYYY-MM-DD"
            required
          />
        </label>
        <label>
          Value
          <input
            name="performance-value"
            value={value}
            onChange={(e) => setValue(e.target.value)}
            inputMode="decimal"
            required
          />
        </label>
        <label>
          Market conditions
          <input name="performance-market" value={market} onChange={(e) => setMarket(e.target.value)} />
        </label>
        <label>
          Notes
          <input name="performance-notes" value={notes} onChange={(e) => setNotes(e.target.value)} />
        </label>
      </div>
      <ErrorBanner error={record.error} />
      <Notice text={record.done} />
      <button type="submit" className="primary" disabled={record.busy}>
        Record value
      </button>
    </form>
  );
}

function AddInvestment({ deal, onAdded }: { deal: string; onAdded: () => void }) {
  const [investor, setInvestor] = useState("");
  const [amount, setAmount] = useState("");
  const [date, setDate] = useState("");
  const add = useSubmission();
  function submit(event: FormEvent) {
    event.preventDefault();
    add.submitDated(date, async (key) => {
      await unwrap(commands.invest(deal, investor, amount, date, key));
      onAdded();
      return `${groupDigits(amount)} from ${investor} on ${date} recorded.`;
    });
  }
  return (
    <form className="card wide" onSubmit={submit}>
      <h2>Add an investment</h2>
      <div className="row">
        <label>
          Investor (name or id)
          <input name="investment-investor" value={investor} onChange={(e) => setInvestor(e.target.value)} required />
        </label>
        <label>
          Amount
          <input
            name="investment-amount"
            value={amount}
            onChange={(e) => setAmount(e.target.value)}
            inputMode="decimal"
            required
          />
        </label>
        <label>
          Date
          <input
            name="investment-date"
            value={date}
            onChange={(e) => setDate(e.target.value)}
            placeholder="YYYY-MM-DD"
            required
          />
        </label>
      </div>
      <ErrorBanner error={add.error} />
      <Notice text={add.done} />
      <button type="submit" disabled={add.busy}>
        Add investment
      </button>
    </form>
  );
}

function PrepareDistribution({ deal, onPrepared }: { deal: string; onPrepared: () => void }) {
  const [date, setDate] = useState("");
  const prepare = useSubmission();
  function submit(event: FormEvent) {
    event.preventDefault();
    prepare.submitDated(date, async (key) => {
      const c = await unwrap(commands.prepareDistribution(deal, date, key));
      onPrepared();
      return `Distribution ${c.id} prepared for ${date}. A second person reviews and approves it under Distributions.`;
    });
  }
  return (
    <form className="toolbar" onSubmit={submit}>
      <label>
        Prepare the distribution of
        <input
          name="prepare-date"
          value={date}
          onChange={(e) => setDate(e.target.value)}
          placeholder="YYYY-MM-DD"
          required
        />
      </label>
      <button type="submit" className="primary" disabled={prepare.busy}>
        Prepare distribution
      </button>
      <ErrorBanner error={prepare.error} />
      <Notice text={prepare.done} />
    </form>
  );
}
