import { useEffect, useState, type FormEvent } from "react";
import type { Items, RevenueMonthView, RevenueReportView, RevenueReportWritten, WalletView } from "../bindings";
import { Amount } from "../components/Amount";
import { ErrorBanner, Notice } from "../components/ErrorBanner";
import { BLANK, TableHead, num } from "../components/TableHead";
import { useCommand } from "../useCommand";
import { chooseFolder, listWallets, revenueReport, showWallet, writeRevenueReport } from "./queries";
import { RevenueChart } from "./RevenueChart";
import { WalletHistory } from "./WalletHistory";

const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;

/**
 * Community revenue: per month and currency what came in and where it went (with a chart),
 * the communities that earned most, and the members' wallets with each one's history.
 */
export function RevenueSection() {
  const [from, setFrom] = useState("");
  const [to, setTo] = useState("");
  const report = useCommand<RevenueReportView>();
  const wallets = useCommand<Items<WalletView>>();
  const wallet = useCommand<WalletView>();
  const pdf = useCommand<RevenueReportWritten | null>();
  const { run } = report;
  const runWallets = wallets.run;

  useEffect(() => {
    void run(() => revenueReport(null, null));
    void runWallets(listWallets);
  }, [run, runWallets]);

  function submit(event: FormEvent) {
    event.preventDefault();
    const wrong = [
      ["from", from],
      ["to", to],
    ].find(([, value]) => value !== "" && !MONTH.test(value));
    if (wrong) {
      report.setData(null);
      void run(() =>
        Promise.reject({ code: "validation", message: `${wrong[0]}: "${wrong[1]}" is not a month such as 2026-11` }),
      );
      return;
    }
    void run(() => revenueReport(from === "" ? null : from, to === "" ? null : to));
  }

  /** The report on screen, as a PDF document in a folder the user chooses. */
  async function writePdf() {
    const shown = report.data;
    if (shown === null) {
      return;
    }
    await pdf.run(async () => {
      const folder = await chooseFolder("Write the revenue report into");
      return folder === null ? null : writeRevenueReport(shown.from, shown.to, folder);
    });
  }

  const view = report.data;
  return (
    <>
      <section aria-labelledby="revenue-months-title">
        <h2 id="revenue-months-title">Revenue by month</h2>
        <form className="toolbar" onSubmit={submit}>
          <label>
            From <span className="hint">(2026-01; empty: a year back)</span>
            <input name="from" value={from} onChange={(e) => setFrom(e.target.value)} placeholder="YYYY-MM" />
          </label>
          <label>
            To <span className="hint">(empty: this month)</span>
            <input name="to" value={to} onChange={(e) => setTo(e.target.value)} placeholder="YYYY-MM" />
          </label>
          <button type="submit" disabled={report.busy}>
            Show
          </button>
          <button type="button" onClick={() => void writePdf()} disabled={report.data === null || pdf.busy}>
            Write PDF…
          </button>
        </form>
        <ErrorBanner error={report.error ?? pdf.error} />
        <Notice
          text={pdf.data ? `${pdf.data.report_id}: ${pdf.data.pages} page(s) written to ${pdf.data.file}` : null}
        />
        {view ? <MonthReport view={view} /> : null}
      </section>
      <section aria-labelledby="wallets-title">
        <h2 id="wallets-title">Members' wallets</h2>
        <ErrorBanner error={wallets.error ?? wallet.error} />
        {wallets.data && wallets.data.items.length === 0 ? (
          <p className="empty">No community has members yet.</p>
        ) : null}
        {wallets.data && wallets.data.items.length > 0 ? (
          <WalletTable wallets={wallets.data.items} onOpen={(id) => void wallet.run(() => showWallet(id))} />
        ) : null}
        {wallet.data ? <WalletHistory wallet={wallet.data} /> : null}
      </section>
    </>
  );
}

function MonthReport({ view }: { view: RevenueReportView }) {
  const currencies = [...new Set(view.months.map((m) => m.currency))];
  return (
    <div data-testid="revenue-report">
      <p>
        {view.from} to {view.to}
        {view.months.length === 0 ? ": no revenue was recorded and no wallet was paid out." : "."}
      </p>
      {currencies.map((ccy) => (
        <CurrencyMonths
          key={ccy}
          currency={ccy}
          months={view.months.filter((m) => m.currency === ccy)}
          period={{ from: view.from, to: view.to }}
        />
      ))}
      {view.top_communities.length > 0 ? (
        <>
          <h3>Top earning communities</h3>
          <table data-testid="top-communities">
            <TableHead columns={["Community", num("Transactions"), num("Gross"), num("Net")]} />
            <tbody>
              {view.top_communities.map((c) => (
                <tr key={`${c.currency}-${c.community_id}`}>
                  <td>{c.community}</td>
                  <td className="num">{c.transactions}</td>
                  <Amount value={c.gross} currency={c.currency} />
                  <Amount value={c.net} currency={c.currency} />
                </tr>
              ))}
            </tbody>
          </table>
        </>
      ) : null}
    </div>
  );
}

function CurrencyMonths({
  currency,
  months,
  period,
}: {
  currency: string;
  months: RevenueMonthView[];
  period: { from: string; to: string };
}) {
  return (
    <>
      <h3>{currency}</h3>
      <RevenueChart currency={currency} months={months} period={period} />
      <table data-testid={`revenue-months-${currency}`}>
        <TableHead
          columns={[
            "Month",
            num("Transactions"),
            num("Gross"),
            num("GST collected"),
            num("Gateway charges"),
            num("Platform earnings"),
            num("Net to members"),
            num("Paid out"),
          ]}
        />
        <tbody>
          {months.map((m) => (
            <tr key={m.month}>
              <td>{m.month}</td>
              <td className="num">{m.transactions}</td>
              <Amount value={m.gross} />
              <Amount value={m.gst_collected} />
              <Amount value={m.gateway_charges} />
              <Amount value={m.platform_earnings} />
              <Amount value={m.net} />
              <Amount value={m.paid_out} />
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}

function WalletTable({ wallets, onOpen }: { wallets: WalletView[]; onOpen: (member: number) => void }) {
  return (
    <table data-testid="wallets">
      <TableHead
        columns={["Member", "Community", "Role", "State", num("Pending"), num("Available"), num("Withdrawn"), BLANK]}
      />
      <tbody>
        {wallets.map((w) => (
          <tr key={w.member_id}>
            <td>{w.member}</td>
            <td>{w.community}</td>
            <td>{w.role.replace("_", " ")}</td>
            <td>{w.status}</td>
            <Amount value={w.pending} currency={w.currency} />
            <Amount value={w.available} currency={w.currency} />
            <Amount value={w.withdrawn} currency={w.currency} />
            <td>
              <button type="button" aria-label={`History of ${w.member}'s wallet`} onClick={() => onOpen(w.member_id)}>
                History
              </button>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
