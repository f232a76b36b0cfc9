import { useEffect } from "react";
import type {
  AffiliateNodeView,
  AffiliateView,
  Items,
  NetworkMemberView,
  NetworkTransactionView,
  ProgramStatusView,
  SchemeChainView,
  SchemeGridView,
  SchemeView,
} from "../bindings";
import { Amount } from "../components/Amount";
import { ErrorBanner } from "../components/ErrorBanner";
import { groupDigits } from "../format";
import { BLANK, TableHead, num } from "../components/TableHead";
import { useCommand } from "../useCommand";
import {
  affiliateTree,
  listNetworkMembers,
  listNetworkTransactions,
  listSchemes,
  programStatus,
  schemeChain,
  schemeGrid,
  showAffiliate,
  showNetworkTransaction,
} from "./queries";

/** Roles top down, as Rust lists a grid's cells and a chain's rates. */
const ROLES = ["Admin", "White label", "Master distributor", "Distributor", "Retailer", "Customer"];

const words = (role: string) => role.replaceAll("_", " ");

/**
 * Commissions: the schemes as a tree with a scheme's grid of services by roles (inherited
 * rates shown as such) and its chain for a service; the network's members as a tree with a
 * member's transactions and each transaction's parts; the affiliates' tree with an
 * affiliate's figures and commission history.
 */
export function CommissionsSection() {
  return (
    <>
      <SchemesPanel />
      <NetworkPanel />
      <AffiliatesPanel />
    </>
  );
}

function SchemesPanel() {
  const schemes = useCommand<Items<SchemeView>>();
  const grid = useCommand<SchemeGridView>();
  const chain = useCommand<SchemeChainView>();
  const { run } = schemes;
  useEffect(() => {
    void run(listSchemes);
  }, [run]);

  function open(scheme: SchemeView) {
    chain.setData(null);
    void grid.run(() => schemeGrid(scheme.id));
  }

  return (
    <section aria-labelledby="schemes-title">
      <h2 id="schemes-title">Commission schemes</h2>
      <ErrorBanner error={schemes.error ?? grid.error ?? chain.error} />
      {schemes.data && schemes.data.items.length === 0 ? (
        <p className="empty">No scheme yet: an admin adds the root with `prorata scheme add`.</p>
      ) : null}
      {schemes.data && schemes.data.items.length > 0 ? (
        <ul className="tree" data-testid="scheme-tree">
          {schemes.data.items.map((s) => (
            <li key={s.id} style={{ paddingInlineStart: `${s.depth * 1.5}rem` }}>
              <button type="button" onClick={() => open(s)} aria-pressed={grid.data?.id === s.id}>
                {s.name}
              </button>{" "}
              <span className="hint">by {s.created_by}</span>
            </li>
          ))}
        </ul>
      ) : null}
      {grid.data ? (
        <SchemeGrid grid={grid.data} onChain={(service) => void chain.run(() => schemeChain(grid.data!.id, service))} />
      ) : null}
      {chain.data ? <SchemeChain chain={chain.data} /> : null}
    </section>
  );
}

function SchemeGrid({ grid, onChain }: { grid: SchemeGridView; onChain: (service: string) => void }) {
  if (grid.services.length === 0) {
    return <p className="empty">No scheme of the program sets a rate yet.</p>;
  }
  return (
    <table data-testid="scheme-grid">
      <caption>
        Rates of {grid.name}: <span className="hint">set here in bold, inherited with the scheme they come from</span>
      </caption>
      <TableHead columns={["Service", ...ROLES.map(num), BLANK]} />
      <tbody>
        {grid.services.map((row) => (
          <tr key={row.service}>
            <td>{row.service}</td>
            {row.cells.map((cell) => (
              <td key={cell.role} className="num">
                {cell.set_here ? (
                  <strong title="set by this scheme">{cell.resolved}</strong>
                ) : (
                  <span
                    className="inherited"
                    title={cell.inherited_from ? `inherited from ${cell.inherited_from}` : "set nowhere up to the root"}
                  >
                    {cell.resolved}
                    <span className="hint"> {cell.inherited_from ? `from ${cell.inherited_from}` : "unset"}</span>
                  </span>
                )}
              </td>
            ))}
            <td>
              <button
                type="button"
                aria-label={`Chain of ${grid.name} for ${row.service}`}
                onClick={() => onChain(row.service)}
              >
                Chain
              </button>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function SchemeChain({ chain }: { chain: SchemeChainView }) {
  return (
    <table data-testid="scheme-chain">
      <caption>{chain.service}: each level up to the root, what it sets and what it resolves to</caption>
      <TableHead columns={["Scheme", ...ROLES.map(num)]} />
      <tbody>
        {chain.levels.map((level) => (
          <tr key={level.id}>
            <td>{level.name}</td>
            {level.rates.map((r) => (
              <td key={r.role} className="num">
                {r.set ?? "inherit"} <span className="hint">→ {r.resolved}</span>
              </td>
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function NetworkPanel() {
  const members = useCommand<Items<NetworkMemberView>>();
  const txns = useCommand<Items<NetworkTransactionView>>();
  const txn = useCommand<NetworkTransactionView>();
  const { run } = members;
  useEffect(() => {
    void run(listNetworkMembers);
  }, [run]);

  function open(member: NetworkMemberView) {
    txn.setData(null);
    void txns.run(() => listNetworkTransactions(member.id));
  }

  return (
    <section aria-labelledby="network-title">
      <h2 id="network-title">Network</h2>
      <ErrorBanner error={members.error ?? txns.error ?? txn.error} />
      {members.data && members.data.items.length === 0 ? <p className="empty">The network has no member yet.</p> : null}
      {members.data && members.data.items.length > 0 ? (
        <ul className="tree" data-testid="network-tree">
          {members.data.items.map((m) => (
            <li key={m.id} style={{ paddingInlineStart: `${m.depth * 1.5}rem` }}>
              <button type="button" onClick={() => open(m)} aria-label={`Transactions of ${m.name}`}>
                {m.name}
              </button>{" "}
              <span className="hint">
                {words(m.role)} · scheme {m.scheme}
                {m.currency ? ` · ${m.currency}` : ""}
              </span>
            </li>
          ))}
        </ul>
      ) : null}
      {txns.data ? (
        <TransactionTable items={txns.data.items} onOpen={(id) => void txn.run(() => showNetworkTransaction(id))} />
      ) : null}
      {txn.data ? <TransactionParts txn={txn.data} /> : null}
    </section>
  );
}

function TransactionTable({ items, onOpen }: { items: NetworkTransactionView[]; onOpen: (id: number) => void }) {
  if (items.length === 0) {
    return <p className="empty">No transaction by this member or earning it a part.</p>;
  }
  return (
    <table data-testid="network-transactions">
      <TableHead columns={["#", "Status", "Service", "By", num("Amount"), num("Commission"), BLANK]} />
      <tbody>
        {items.map((t) => (
          <tr key={t.id}>
            <td>{t.id}</td>
            <td>{t.status}</td>
            <td>{t.service}</td>
            <td>{t.member}</td>
            <Amount value={t.amount} currency={t.currency} />
            <Amount value={t.commission} currency={t.currency} />
            <td>
              <button type="button" aria-label={`Parts of transaction ${t.id}`} onClick={() => onOpen(t.id)}>
                Parts
              </button>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function TransactionParts({ txn }: { txn: NetworkTransactionView }) {
  return (
    <table data-testid="network-parts">
      <caption>
        Transaction {txn.id}: {groupDigits(txn.commission)} {txn.currency} at {txn.commission_rate} of{" "}
        {groupDigits(txn.amount)}
        {txn.reversal_reason ? `, reversed: ${txn.reversal_reason}` : ""}
      </caption>
      <TableHead columns={["Member", "Role", num("Margin"), num("Part")]} />
      <tbody>
        {txn.commissions.map((c) => (
          <tr key={c.member_id}>
            <td>{c.member}</td>
            <td>{words(c.role)}</td>
            <td className="num">{c.margin}</td>
            <Amount value={c.amount} currency={txn.currency} />
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function AffiliatesPanel() {
  const status = useCommand<ProgramStatusView>();
  const tree = useCommand<Items<AffiliateNodeView>>();
  const affiliate = useCommand<AffiliateView>();
  const runStatus = status.run;
  const runTree = tree.run;
  useEffect(() => {
    void runStatus(programStatus);
    void runTree(affiliateTree);
  }, [runStatus, runTree]);

  return (
    <section aria-labelledby="affiliates-title">
      <h2 id="affiliates-title">Affiliates</h2>
      <ErrorBanner error={status.error ?? tree.error ?? affiliate.error} />
      {status.data ? (
        <p data-testid="program-status">
          The program is {status.data.status}
          {status.data.reason ? ` (${status.data.reason})` : ""}
          {status.data.takes_new_business ? ": it takes new sales and transactions." : ": it takes no new business."}
        </p>
      ) : null}
      {tree.data && tree.data.items.length === 0 ? <p className="empty">No affiliate yet.</p> : null}
      {tree.data && tree.data.items.length > 0 ? (
        <table data-testid="affiliate-tree">
          <TableHead
            columns={[
              "Affiliate",
              "Code",
              num("Sales"),
              num("Sold"),
              num("Direct earned"),
              num("Override earned"),
              BLANK,
            ]}
          />
          <tbody>
            {tree.data.items.map((a) => (
              <tr key={a.id}>
                <td style={{ paddingInlineStart: `${a.depth * 1.5 + 0.5}rem` }}>{a.name}</td>
                <td>{a.code}</td>
                <td className="num">{a.sales}</td>
                <Amount value={a.sales_amount} currency={a.currency} />
                <Amount value={a.direct_earned} />
                <Amount value={a.override_earned} />
                <td>
                  <button
                    type="button"
                    aria-label={`Commissions of ${a.name}`}
                    onClick={() => void affiliate.run(() => showAffiliate(a.id))}
                  >
                    Commissions
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      {affiliate.data ? <AffiliateHistory view={affiliate.data} /> : null}
    </section>
  );
}

function AffiliateHistory({ view }: { view: AffiliateView }) {
  const a = view.affiliate;
  return (
    <>
      <h3>
        {a.name} ({a.code})
      </h3>
      <p data-testid="affiliate-payable">
        Payable {view.payable} {a.currency}, {view.available} available to withdraw.
      </p>
      {view.commissions.length === 0 ? (
        <p className="empty">No commission yet.</p>
      ) : (
        <table data-testid="affiliate-commissions">
          <TableHead columns={["Day", "Kind", "Sale by", num("Sale"), num("Rate"), num("Commission")]} />
          <tbody>
            {view.commissions.map((c) => (
              <tr key={`${c.sale_id}-${c.kind}`}>
                <td>{c.sold_on}</td>
                <td>{c.kind}</td>
                <td>{c.brought_by}</td>
                <Amount value={c.sale_amount} />
                <td className="num">{c.rate}</td>
                <Amount value={c.amount} currency={a.currency} />
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}
