// End-to-end tests of the real Prorata window: the desktop binary under Xvfb, driven through
// tauri-driver and WebKitWebDriver, on a local store created for this run in a fresh folder.
// Run by scripts/e2e, which builds everything first and provides the display and D-Bus.

import assert from "node:assert/strict";
import { execFileSync, spawnSync } from "node:child_process";
import { createHmac } from "node:crypto";
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { after, before, describe, test } from "node:test";
import { Driver, KEYS, startTauriDriver, stopTauriDriver } from "./webdriver.mjs";

const root = resolve(import.meta.dirname, "../..");
const app = process.env.PRORATA_E2E_APP ?? join(root, "target/debug/prorata-desktop");
const cli = process.env.PRORATA_E2E_CLI ?? join(root, "target/debug/prorata");
const seed = process.env.PRORATA_E2E_SEED ?? join(root, "target/debug/prorata-seed-ledger");
const shots = process.env.PRORATA_E2E_SCREENSHOTS ?? join(root, "ui/e2e/screenshots");
const PORT = 4444;
const ADMIN = "ada";
const PASSWORD = "e2e admin password";
const PASSPHRASE = "e2e organisation passphrase";

// The store's folder must be open to the `postgres` user, which runs the server under root.
const scratch = mkdtempSync(join(tmpdir(), "prorata-e2e-"));
chmodSync(scratch, 0o755);
const dataDir = join(scratch, "store");

let driverProcess;
const window = new Driver(PORT);

async function field(name) {
  return window.find(`input[name="${name}"]`);
}

async function signIn(user, password) {
  const userField = await field("user");
  await window.clear(userField);
  await window.type(userField, user);
  const passwordField = await field("password");
  await window.clear(passwordField);
  await window.type(passwordField, password);
  await window.click(await window.button("Sign in"));
}

/** Waits for a status notice that contains `text`, wherever on the screen it is. */
async function status(text, waitMs = 15_000) {
  const notice = await window.findXPath(`//*[@role='status'][contains(., ${JSON.stringify(text)})]`, waitMs);
  return window.text(notice);
}

async function fill(name, text) {
  const input = await field(name);
  await window.clear(input);
  await window.type(input, text);
}

async function signOutAndIn(user) {
  await window.click(await window.button("Sign out"));
  await status("You are signed out.");
  await signIn(user, `${user}'s long password`);
  await window.waitForText("[data-testid=who]", user);
}

/** Fails, listing them, if axe-core finds a serious or critical violation on the screen as it is. */
async function assertAccessible(screenName) {
  const violations = await window.accessibilityViolations();
  assert.deepEqual(violations, [], `${screenName}: no serious or critical accessibility violation`);
}

/** Runs `prorata` as `user` on the window's store: what a colleague at a terminal would type. */
function asUser(user, args) {
  return spawnSync(cli, ["--data-dir", dataDir, "--user", user, ...args], {
    env: {
      ...process.env,
      PRORATA_PASSWORD: user === ADMIN ? PASSWORD : `${user}'s long password`,
      PRORATA_PASSPHRASE: PASSPHRASE,
    },
    encoding: "utf8",
  });
}

/** Runs `prorata` as `user`, failing the test with its error if it fails. */
function asUserOk(user, args) {
  const run = asUser(user, args);
  assert.equal(run.status, 0, `prorata ${args.join(" ")}: ${run.stderr}`);
  return run.stdout;
}

/** RFC 4648 base32, as the enrolment screen shows the secret, to bytes. */
function base32Bytes(text) {
  const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
  let bits = "";
  for (const char of text.replace(/=+$/, "")) {
    bits += alphabet.indexOf(char).toString(2).padStart(5, "0");
  }
  const bytes = [];
  for (let i = 0; i + 8 <= bits.length; i += 8) {
    bytes.push(parseInt(bits.slice(i, i + 8), 2));
  }
  return Buffer.from(bytes);
}

/** The 6-digit RFC 6238 code of `step` (30 s each) for `secret`, as an authenticator app makes it. */
function totp(secret, step) {
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(step));
  const mac = createHmac("sha1", base32Bytes(secret)).update(counter).digest();
  const offset = mac[mac.length - 1] & 0xf;
  const value = (mac.readUInt32BE(offset) & 0x7fffffff) % 1_000_000;
  return String(value).padStart(6, "0");
}

/** The approver's authenticator, once set up in the window: its secret and the last step whose code was given. */
const authenticator = { secret: null, lastStep: 0 };

/** A code the store has not seen: this step's, or, when this step's was given already, the next one's once it comes. */
async function freshCode() {
  let step = Math.floor(Date.now() / 30_000);
  if (step <= authenticator.lastStep) {
    await new Promise((done) => setTimeout(done, (authenticator.lastStep + 1) * 30_000 - Date.now() + 250));
    step = Math.floor(Date.now() / 30_000);
  }
  authenticator.lastStep = step;
  return totp(authenticator.secret, step);
}

async function openSection(label) {
  await window.click(await window.findXPath(`//nav//button[starts-with(normalize-space(), ${JSON.stringify(label)})]`));
  await window.waitForText("#section-title", label);
}

describe("the Prorata window", () => {
  before(async () => {
    mkdirSync(shots, { recursive: true });
    driverProcess = await startTauriDriver(PORT, {
      ...process.env,
      PRORATA_DATA_DIR: dataDir,
      // No accessibility bus runs under Xvfb; without this GTK waits for one.
      NO_AT_BRIDGE: "1",
    });
    await window.open(app);
  });

  after(async () => {
    await window.close();
    if (driverProcess) {
      stopTauriDriver(driverProcess);
    }
    try {
      execFileSync(cli, ["--data-dir", dataDir, "store", "stop"], { stdio: "ignore" });
    } finally {
      rmSync(scratch, { recursive: true, force: true });
    }
  });

  test("on first start it creates the store with the first admin and the organisation passphrase", async () => {
    await window.waitForText("h1", "Create the store");
    const inputs = await window.findAll("css selector", "form input");
    assert.equal(inputs.length, 5, "admin, password twice, passphrase twice");
    const [admin, password, passwordAgain, passphrase, passphraseAgain] = inputs;
    await window.clear(admin);
    await window.type(admin, ADMIN);
    await window.type(password, PASSWORD);
    await window.type(passwordAgain, PASSWORD);
    await window.type(passphrase, PASSPHRASE);
    await window.type(passphraseAgain, PASSPHRASE);
    await window.screenshot(join(shots, "1-create-store.png"));
    await assertAccessible("the first start's setup screen");
    await window.click(await window.button("Create the store"));
    await window.waitForText("[role=status]", "The store was created", 60_000);
    // Real postings for the ledger screens: the worked example, booked through the store.
    execFileSync(seed, [dataDir], { stdio: "inherit" });
  });

  test("a wrong password gets a clear refusal and stays on the sign-in screen", async () => {
    await signIn(ADMIN, "not the password at all");
    const alert = await window.waitForText("[role=alert]", "wrong password", 20_000);
    assert.match(alert, /Not allowed/, "the refusal is titled by its code");
    assert.equal(await window.text(await field("password")), "", "the refused password is cleared");
    await window.screenshot(join(shots, "2-sign-in-refused.png"));
  });

  test("the admin signs in on the users and sees the trial balance of the booked example, balanced", async () => {
    await signIn(ADMIN, PASSWORD);
    const who = await window.waitForText("[data-testid=who]", ADMIN);
    assert.match(who, /Main \(main\) · admin/);
    await window.waitForText("#section-title", "Users");
    await openSection("Ledger");
    await window.waitForText("[data-testid=trial-balance]", "deal:1:profit_receivable");
    const rows = await window.tableRows("[data-testid=trial-balance]");
    assert.deepEqual(
      rows,
      [
        ["Account", "Name", "Belongs to", "Currency", "Debits", "Credits"],
        ["deal:1:profit_receivable", "Profit receivable of deal 1", "", "USD", "2,000.00", "0.00"],
        ["investor:A:payable", "", "", "USD", "0.00", "312.00"],
        ["investor:B:payable", "", "", "USD", "0.00", "624.00"],
        ["investor:C:payable", "", "", "USD", "0.00", "624.00"],
        ["partner:1:payable", "Payable to partner 1", "", "USD", "0.00", "400.00"],
        ["platform:fee_income", "Platform fee income", "", "USD", "0.00", "40.00"],
        ["Total", "", "", "USD", "2,000.00", "2,000.00"],
      ],
      "the window shows the example of DESIGN §5 exactly as booked, debits equal to credits; " +
        "accounts booked without a deal or party of the program are named by their ids",
    );
    await window.waitForText("[data-testid=difference-USD]", "USD: debits − credits = 0.00");
    await window.find("[data-testid=difference-USD] [data-status=balanced]");
    await window.click(await window.button("Verify ledger"));
    await window.waitForText("[data-testid=ledger-check]", "6 accounts");
    await window.screenshot(join(shots, "3-ledger.png"));
  });

  test("a row of the trial balance opens its account's statement, between its opening and closing balances", async () => {
    await window.click(await window.find('button[aria-label="Statement of platform:fee_income in USD"]'));
    await window.waitForText("[data-testid=statement]", "seed deal, day 4");
    const of = await window.text(await window.find("[data-testid=statement-of]"));
    assert.equal(of, "Platform fee income · platform:fee_income · USD, normally a credit balance");
    const [, opening, line, closing] = await window.tableRows("[data-testid=statement]");
    assert.deepEqual(opening, ["Opening balance", "0.00 USD"]);
    assert.deepEqual(
      [line[0], line[2], line[3], line[4], line[5], line[6]],
      ["2026-11-24", "distribution posted", "seed deal, day 4", "", "40.00", "40.00 USD"],
      "one credit of 40.00 and the running balance with its currency",
    );
    assert.deepEqual(closing, ["Closing balance", "40.00 USD"]);
  });

  test("the audit chain verifies as intact and the log shows the sign-ins", async () => {
    await openSection("Audit");
    await window.click(await window.button("Verify the audit chain"));
    await window.waitForText("[data-testid=audit-check]", "every link intact");
    const log = await window.waitForText("[data-testid=audit-log]", "sign_in.failed");
    assert.match(log, /store\.init/);
    await window.screenshot(join(shots, "4-audit.png"));
  });

  test("the users screen lists the admin as active, with no e-mail", async () => {
    await openSection("Users");
    await window.waitForText("[data-testid=users]", ADMIN);
    const [, admin] = await window.tableRows("[data-testid=users]");
    assert.deepEqual(admin.slice(0, 4), [ADMIN, "", "active", "admin"], "the first admin, active, no e-mail");
  });

  test("in the session that created the store, the first admin adds a user with a sealed e-mail at once", async () => {
    await fill("new-user", "una");
    await fill("new-password", "una's long password");
    await fill("new-email", "una@example.org");
    for (const role of ["officer", "auditor"]) {
      const box = await window.find(`input[name="role-${role}"]`);
      const checked = await window.call("GET", window.at(`/element/${box}/selected`));
      if (checked !== (role === "auditor")) {
        await window.click(box);
      }
    }
    await window.click(await window.button("Add user…"));
    await window.click(await window.button("Yes, add"));
    await status("una was added.");
    const rows = await window.tableRows("[data-testid=users]");
    const una = rows.find((row) => row[0] === "una");
    assert.deepEqual(una.slice(0, 4), ["una", "u•••@example.org", "active", "auditor"], "sealed, shown masked");
    await window.screenshot(join(shots, "5-users.png"));
  });

  test("the statements open for the admin with nothing issued, and say that officers issue them", async () => {
    await openSection("Statements");
    await window.waitForText(".hint", "Needs the officer role: you can open, save and print what was issued.");
    await window.waitForText(".empty", "No statement or notice has been issued yet.");
    await window.screenshot(join(shots, "6-statements.png"));
  });

  test("no section offered to the admin has a serious or critical accessibility violation", async () => {
    const sections = [
      "Deals",
      "Distributions",
      "Withdrawals",
      "Payout batches",
      "Statements",
      "Commissions",
      "Ledger",
      "Audit",
      "Users",
    ];
    for (const label of sections) {
      await openSection(label);
      await window.painted();
      await assertAccessible(`the ${label} section`);
    }
  });

  test("signing out returns to the sign-in screen", async () => {
    await window.click(await window.button("Sign out"));
    await window.waitForText("[role=status]", "You are signed out.");
  });

  test("started again, the window finds the store and opens on the sign-in screen", async () => {
    await window.close();
    await window.open(app);
    await window.waitForText("h1", "Sign in to Prorata", 30_000);
    await window.screenshot(join(shots, "0-sign-in.png"));
    await assertAccessible("the sign-in screen");
    await signIn(ADMIN, PASSWORD);
    await window.waitForText("[data-testid=who]", ADMIN);
  });

  test("the admin adds an officer and an approver", async () => {
    await openSection("Users");
    for (const [name, role] of [
      ["olga", "officer"],
      ["abe", "approver"],
    ]) {
      await fill("new-user", name);
      await fill("new-password", `${name}'s long password`);
      const officer = await window.find('input[name="role-officer"]');
      const officerChecked = await window.call("GET", window.at(`/element/${officer}/selected`));
      if (officerChecked !== (role === "officer")) {
        await window.click(officer);
      }
      if (role === "approver") {
        await window.click(await window.find('input[name="role-approver"]'));
      }
      await window.click(await window.button("Add user…"));
      await window.waitForText("[role=dialog]", `Add ${name} to program Main with the role ${role}`);
      await window.click(await window.button("Yes, add"));
      await status(`${name} was added.`);
    }
    await window.waitForText("[data-testid=users]", "abe");
  });

  test("the approver sets up an authenticator in the window: the secret shown once as a QR code and as text, then a first code", async () => {
    await signOutAndIn("abe");
    await window.click(await window.button("Authenticator"));
    await window.waitForText("[data-testid=authenticator-state]", "You have no authenticator set up.");
    const rule = await window.text(await window.find("[data-testid=authenticator-rule]"));
    assert.match(rule, /asks for a fresh code/, "a program made now requires a second factor");
    await window.click(await window.button("Show a new secret"));
    authenticator.secret = await window.waitForText("[data-testid=authenticator-secret]", "");
    assert.match(authenticator.secret, /^[A-Z2-7]{32}$/, "160 bits in base32");
    await window.find("img.qr");
    await assertAccessible("setting up an authenticator");
    await window.screenshot(join(shots, "19-authenticator-secret.png"));
    await fill("second-factor-code", await freshCode());
    await window.click(await window.button("Confirm the code"));
    await window.waitForText("[data-testid=authenticator-state]", "Your authenticator is set up");
    await window.click(await window.button("Close"));
    const listed = asUserOk(ADMIN, ["--json", "user", "list"]);
    const abe = JSON.parse(listed).items.find((u) => u.name === "abe");
    assert.equal(abe.second_factor, "set_up", "the admin sees who has an authenticator");
  });

  test("the officer sets up a deal, its investors and capital, and records its value", async () => {
    await signOutAndIn("olga");
    await window.waitForText("#section-title", "Deals");
    await fill("partner-name", "Mobile Traders");
    await window.click(await window.button("Add partner"));
    await status("Partner Mobile Traders added");
    // Shown at once, without leaving the section.
    await window.waitForText("[data-testid=partners]", "Mobile Traders");
    for (const name of ["Amal", "Bruno", "Chen"]) {
      await fill("investor-name", name);
      await window.click(await window.button("Add investor"));
      await status(`Investor ${name} added`);
      await window.waitForText("[data-testid=investors]", name);
    }
    await fill("deal-name", "Phones");
    await fill("deal-partner", "Mobile Traders");
    await window.click(await window.button("Create deal"));
    await window.waitForText("[data-testid=deals]", "Phones");
    await window.click(await window.find('button[aria-label="Open Phones"]'));
    await window.waitForText("[data-testid=deal-title]", "Phones");
    await window.waitForText(".terms", "partner 20% · platform 2% · circuit breaker 25%");
    for (const [name, amount] of [
      ["Amal", "2,000"],
      ["Bruno", "4000"],
      ["Chen", "4000"],
    ]) {
      await fill("investment-investor", name);
      await fill("investment-amount", amount);
      await fill("investment-date", "2026-11-02");
      await window.click(await window.button("Add investment"));
      await window.waitForText("[data-testid=investments]", name);
    }
    // The deal's LP units: issued in the register on its page, and held at once.
    await fill("units-investor", "Amal");
    await fill("units-units", "100");
    await fill("units-date", "2026-11-02");
    await window.click(await window.button("Issue units"));
    await status("100 units issued");
    await window.waitForText("[data-testid=holdings]", "100.0000000%");
    const [, amalUnits] = await window.tableRows("[data-testid=holdings]");
    assert.deepEqual(amalUnits, ["Amal", "100.0000000", "100.0000000%"]);
    // The day picked from the calendar, which opens on the month of the day typed.
    await fill("performance-date", "2026-11-01");
    await window.click(await window.find(`button[aria-label="Calendar for the value's date"]`));
    await window.waitForText("[role=dialog][aria-label=Calendar]", "November 2026");
    await assertAccessible("the calendar of a date");
    await window.screenshot(join(shots, "12-calendar.png"));
    await window.click(
      await window.findXPath("//*[@aria-label='Calendar']//button[starts-with(@aria-label, '24 November 2026')]"),
    );
    const picked = await window.call("GET", window.at(`/element/${await field("performance-date")}/property/value`));
    assert.equal(picked, "2026-11-24", "the day picked, written as YYYY-MM-DD");
    await fill("performance-value", "12000");
    await fill("performance-notes", "strong week of sales");
    await window.click(await window.button("Record value"));
    await window.waitForText("[data-testid=performance]", "strong week of sales");
    const [, record] = await window.tableRows("[data-testid=performance]");
    assert.deepEqual(
      record.slice(0, 4),
      ["2026-11-24", "12,000.00", "10,000.00", "+20.00%"],
      "compared with the capital",
    );
  });

  test("the approver verifies the value the officer recorded", async () => {
    await signOutAndIn("abe");
    await window.waitForText("#section-title", "Distributions");
    const offered = await window.findAll(
      "css selector",
      "nav button[data-section=audit], nav button[data-section=users]",
    );
    assert.equal(offered.length, 0, "an approver is offered neither the audit log nor the users");
    await openSection("Deals");
    await window.click(await window.find('button[aria-label="Open Phones"]'));
    await assertAccessible("the deal's page with its chart");
    const opener = await window.button("Verify…");
    await window.click(opener);
    await window.waitForText("[role=dialog]", "Verify the value of 2026-11-24: 12,000.00 USD");
    await assertAccessible("the verify dialog");
    await window.press(KEYS.tab);
    assert.equal(await window.focusVisible(), true, `the focused control shows it: ${await window.describeFocus()}`);
    await window.press(KEYS.escape);
    await window.waitFor("xpath", "//*[not(//*[@role='dialog'])]", 5_000);
    assert.equal(
      await window.activeElement(),
      opener,
      `Escape gives focus back to Verify…, not ${await window.describeFocus()}`,
    );
    assert.equal(await window.focusVisible(), true, "the opener shows the focus it got back");
    await window.click(opener);
    await window.waitForText("[role=dialog]", "Verify the value of 2026-11-24: 12,000.00 USD");
    await window.click(await window.button("Yes, verify"));
    await status("The value of 2026-11-24 is verified.");
    const [, record] = await window.tableRows("[data-testid=performance]");
    assert.equal(record[6], "abe", "verified by the approver");
    await window.screenshot(join(shots, "9-deal.png"));
  });

  test("the officer prepares the distribution, and the approver reviews, approves and posts it", async () => {
    await signOutAndIn("olga");
    await openSection("Deals");
    await window.click(await window.find('button[aria-label="Open Phones"]'));
    await fill("prepare-date", "2026-11-24");
    await window.click(await window.button("Prepare distribution"));
    const prepared = await status("prepared for 2026-11-24");
    const id = /Distribution (\d+) prepared/.exec(prepared)[1];

    await signOutAndIn("abe");
    await openSection("Distributions");
    await window.click(await window.find(`button[aria-label="Review distribution ${id}"]`));
    await window.waitForText("[data-testid=calculation]", "Investor pool");
    await assertAccessible("a distribution's review");
    const calculation = await window.tableRows("[data-testid=calculation]");
    assert.deepEqual(calculation.slice(2), [
      ["Value", "12,000.00 USD"],
      ["High-water mark", "10,000.00 USD"],
      ["Profit", "2,000.00 USD"],
      ["Partner commission (20%)", "400.00 USD"],
      ["Platform fee (2%)", "40.00 USD"],
      ["Investor pool", "1,560.00 USD"],
    ]);
    const shares = await window.tableRows("[data-testid=shares]");
    assert.deepEqual(
      shares.slice(1).map((r) => [r[0], r[2], r[3]]),
      [
        ["Amal", "20.0000%", "312.00 USD"],
        ["Bruno", "40.0000%", "624.00 USD"],
        ["Chen", "40.0000%", "624.00 USD"],
      ],
    );
    await window.screenshot(join(shots, "10-distribution-review.png"));
    await window.click(await window.button("Approve…"));
    await window.waitForText("[role=dialog]", "profit 2,000.00 USD");
    const code = await freshCode();
    const wrong = code === "000000" ? "111111" : "000000";
    await fill("second-factor-code", wrong);
    await window.click(await window.button("Yes, approve"));
    await window.waitForText("[role=alert]", "not the one your authenticator shows now");
    const refusals = JSON.parse(asUserOk(ADMIN, ["--json", "audit", "log"])).items.filter(
      (e) => e.action === "second_factor.refused",
    );
    assert.equal(refusals.length, 1, "the wrong code is on the audit log");
    await window.click(await window.find(`button[aria-label="Review distribution ${id}"]`));
    await window.click(await window.button("Approve…"));
    await fill("second-factor-code", code);
    await window.screenshot(join(shots, "20-approval-code.png"));
    await window.click(await window.button("Yes, approve"));
    await status("Approved: distribution");
    await window.click(await window.find(`button[aria-label="Review distribution ${id}"]`));
    await window.click(await window.button("Post to the ledger…"));
    await window.waitForText("[data-testid=entry-legs]", "payable to Amal");
    const legs = await window.tableRows("[data-testid=entry-legs]");
    assert.deepEqual(
      legs.slice(1).map((row) => [row[0], row[2]]),
      [
        ["Dr", "2,000.00 USD"],
        ["Cr", "400.00 USD"],
        ["Cr", "40.00 USD"],
        ["Cr", "312.00 USD"],
        ["Cr", "624.00 USD"],
        ["Cr", "624.00 USD"],
      ],
      "the confirmation restates the entry it books",
    );
    await window.click(await window.button("Yes, post"));
    await status("Posted to the ledger");
    await openSection("Ledger");
    await window.waitForText("[data-testid=trial-balance]", "Total");
    const rows = await window.tableRows("[data-testid=trial-balance]");
    assert.deepEqual(
      rows[rows.length - 1],
      ["Total", "", "", "USD", "4,000.00", "4,000.00"],
      "the booked example and the posted distribution",
    );
    const amal = rows.find((row) => row[1] === "Payable to Amal");
    assert.deepEqual(amal.slice(2), ["Amal", "USD", "0.00", "312.00"], "named, with the investor it is owed to");
    await window.click(await window.find('button[aria-label="Show investor Amal"]'));
    await window.waitForText("#section-title", "Deals");
    await window.waitForText("[data-testid=investors] tr.highlight", "Amal");
    await window.screenshot(join(shots, "13-party-marked.png"));
  });

  test("the officer's daily run for the same day finds it done and says why", async () => {
    await signOutAndIn("olga");
    await openSection("Distributions");
    await fill("daily-date", "2026-11-24");
    await window.click(await window.button("Run"));
    const report = await window.waitForText(
      "[data-testid=daily-report]",
      "1 active deal, 0 prepared, 1 skipped",
      30_000,
    );
    assert.match(report, /already prepared for 2026-11-24/);
  });

  test("the approver reviews withdrawal requests beside each payee's available balance, with bank details masked", async () => {
    asUserOk(ADMIN, [
      "bank",
      "add",
      "Operating",
      "--currency",
      "USD",
      "--account-number",
      "000123454321",
      "--bic",
      "CHASUS33",
      "--bank-name",
      "Chase",
    ]);
    // olga also holds the approver role: only the second-person rule keeps her from approving her own batch.
    asUserOk(ADMIN, ["user", "grant", "olga", "approver"]);
    for (const [investor, amount, account] of [
      ["Amal", "100.00", "0011223344"],
      ["Bruno", "200.00", "5566778899"],
    ]) {
      asUserOk("olga", [
        "withdrawal",
        "request",
        "--investor",
        investor,
        "--amount",
        amount,
        "--bank-name",
        "First Bank & Trust",
        "--account-number",
        account,
        "--account-name",
        `${investor} Ökonom`,
      ]);
    }
    await signOutAndIn("abe");
    await openSection("Withdrawals");
    await window.waitForText("[data-testid=withdrawals]", "Bruno");
    const rows = await window.tableRows("[data-testid=withdrawals]");
    assert.deepEqual(
      rows.slice(1).map((r) => [r[1], r[2], r[3], r[4], r[6]]),
      [
        ["Amal", "100.00 USD", "First Bank & Trust •••• 3344", "212.00 USD", "pending"],
        ["Bruno", "200.00 USD", "First Bank & Trust •••• 8899", "424.00 USD", "pending"],
      ],
      "each request held on its payee's payable, the account number masked",
    );
    await assertAccessible("the withdrawal review queue");
    await window.screenshot(join(shots, "14-withdrawals.png"));
    for (const name of ["Amal", "Bruno"]) {
      await window.click(await window.button("Approve…"));
      await window.waitForText("[role=dialog]", `to ${name}`);
      await window.click(await window.button("Yes, approve"));
      await status("is approved.");
      // The queue is read again: the approved request leaves the pending ones.
      await window.waitFor(
        "xpath",
        `//*[@data-testid='withdrawals' and not(.//td[. = '${name}'])] | //p[contains(., 'No withdrawal request here')]`,
        10_000,
      );
    }
  });

  test("the officer builds and submits a batch; her own approval is refused; the approver approves and executes it into the bank's files", async () => {
    await signOutAndIn("olga");
    await openSection("Payout batches");
    await window.waitForText("[data-testid=batch-candidates]", "Bruno");
    for (const id of await window.findAll("css selector", "[data-testid=batch-candidates] input[type=checkbox]")) {
      await window.click(id);
    }
    await window.waitForText("[data-testid=picked-total]", "Picked: 2 withdrawals, 300.00 USD");
    await window.screenshot(join(shots, "15-batch-builder.png"));
    await window.click(await window.button("Build the draft…"));
    await window.waitForText("[role=dialog]", "paid from Operating (•••• 4321) with 2 withdrawals, 300.00 USD");
    await window.click(await window.button("Yes, build the draft"));
    const built = await status("Draft batch");
    const batch = /Draft batch (\d+)/.exec(built)[1];
    await window.click(await window.find(`button[aria-label="Open batch ${batch}"]`));
    await window.click(await window.button("Submit for approval…"));
    await window.click(await window.button("Yes, submit"));
    await status(`Batch ${batch} is submitted for approval.`);
    await window.click(await window.find(`button[aria-label="Open batch ${batch}"]`));
    const refusal = await window.waitForText("[data-testid=second-person]", "second person");
    assert.equal(refusal, "You built this batch, so a second person approves it.");
    const offered = await window.findAll("xpath", "//button[normalize-space()='Approve the batch…']");
    assert.equal(offered.length, 0, "the window offers its builder no approval");
    const own = asUser("olga", ["batch", "approve", batch]);
    assert.equal(own.status, 3, `refused as not permitted: ${own.stderr}`);
    assert.match(own.stderr, new RegExp(`payout batch ${batch}`));

    await signOutAndIn("abe");
    await openSection("Payout batches");
    await window.click(await window.find(`button[aria-label="Open batch ${batch}"]`));
    const facts = await window.waitForText("[data-testid=batch-facts]", "Operating");
    assert.match(facts, /Payments\s*2/);
    assert.match(facts, /Total\s*300\.00 USD/);
    assert.match(facts, /Paid from\s*Operating •••• 4321/);
    await window.click(await window.button("Approve the batch…"));
    await window.waitForText("[role=dialog]", `batch ${batch}: 2 payments, 300.00 USD from Operating`);
    await fill("second-factor-code", await freshCode());
    await assertAccessible("the approval of a batch");
    await window.screenshot(join(shots, "16-batch-approval.png"));
    await window.click(await window.button("Yes, approve the batch"));
    await status(`Batch ${batch} is approved.`);

    const folder = join(scratch, "bank-files");
    mkdirSync(folder);
    await window.click(await window.find(`button[aria-label="Open batch ${batch}"]`));
    await fill("batch-folder", folder);
    await window.click(await window.button("Execute…"));
    // Money leaves on a code of its own: the approval's is spent.
    await fill("second-factor-code", await freshCode());
    await window.click(await window.button("Yes, write the files"));
    await status(`Wrote batch-${batch}.csv and batch-${batch}.pain.001.xml into ${folder}.`);
    assert.deepEqual(readdirSync(folder).sort(), [`batch-${batch}.csv`, `batch-${batch}.pain.001.xml`]);
    for (const name of readdirSync(folder)) {
      assert.equal(statSync(join(folder, name)).mode & 0o777, 0o600, `${name} is readable by its owner only`);
    }
    const xmlPath = join(folder, `batch-${batch}.pain.001.xml`);
    execFileSync("xmllint", ["--noout", "--schema", join(root, "../shared/iso20022/pain.001.001.09.xsd"), xmlPath], {
      stdio: "pipe",
    });
    const xml = readFileSync(xmlPath, "utf8");
    assert.match(xml, /<NbOfTxs>2<\/NbOfTxs>/);
    assert.match(xml, /<CtrlSum>300\.00<\/CtrlSum>/);
    assert.match(xml, /First Bank &amp; Trust|Amal Ökonom/, "names escaped and non-ASCII letters kept");
    assert.match(xml, /<Id>0011223344<\/Id>/, "the full account number, for the bank");
    const csv = readFileSync(join(folder, `batch-${batch}.csv`), "utf8")
      .trim()
      .split("\n");
    assert.equal(csv.length, 3, "a header and one row per payment");
    assert.match(csv[1], /100\.00/);
    assert.match(csv[2], /5566778899/);
    await window.click(await window.find(`button[aria-label="Open batch ${batch}"]`));
    const files = await window.waitForText("[data-testid=batch-files]", `batch-${batch}.csv`);
    assert.match(files, /[0-9a-f]{64}/, "each file's SHA-256 is shown");
    await window.screenshot(join(shots, "17-batch-executed.png"));
  });

  test("the approver confirms one payment paid and one failed; the investors' pages show what is owed, pending and available", async () => {
    const paid = (
      await window.findAll("xpath", "//*[@data-testid='batch-items']//button[normalize-space()='Paid…']")
    )[0];
    await window.click(paid);
    await fill("act-text", "FT26120100001");
    await window.click(await window.button("Yes, it was paid"));
    await status("is paid.");
    const batchOpen = await window.findAll("css selector", "[data-testid=batches] button");
    await window.click(batchOpen[0]);
    const failed = (
      await window.findAll("xpath", "//*[@data-testid='batch-items']//button[normalize-space()='Failed…']")
    )[0];
    await window.click(failed);
    await fill("act-text", "account closed");
    await window.click(await window.button("Yes, it failed"));
    await status("failed; its withdrawal's money is available again.");
    await window.click(batchOpen[0]);
    const items = await window.tableRows("[data-testid=batch-items]");
    assert.deepEqual(
      items.slice(1).map((r) => [r[3], r[4], r[5]]),
      [
        ["100.00 USD", "paid", "FT26120100001"],
        ["200.00 USD", "failed", "account closed"],
      ],
    );
    await openSection("Deals");
    await window.click(await window.find('button[aria-label="What is owed to Amal"]'));
    await window.waitForText("[data-testid=payable-balances]", "investor:");
    const [, amal] = await window.tableRows("[data-testid=payable-balances]");
    assert.deepEqual(amal.slice(1, 4), ["212.00 USD", "0.00 USD", "212.00 USD"], "100.00 paid out of 312.00");
    await window.click(await window.find('button[aria-label="What is owed to Bruno"]'));
    await window.waitForText("[data-testid=payable] h2", "Bruno");
    // The panel opens on Bruno at once; his balances follow from Rust.
    await window.waitForText("[data-testid=payable-balances]", "investor:");
    const [, bruno] = await window.tableRows("[data-testid=payable-balances]");
    assert.deepEqual(
      bruno.slice(1, 4),
      ["624.00 USD", "0.00 USD", "624.00 USD"],
      "the failed payment is available again",
    );
    await window.screenshot(join(shots, "18-investor-owed.png"));
    await assertAccessible("an investor's payable");
    asUserOk(ADMIN, ["ledger", "verify"]);
    // Back as the officer, where the next test finds her.
    await signOutAndIn("olga");
    await openSection("Distributions");
    await fill("daily-date", "2026-11-24");
  });

  test("the officer issues Amal's November statement and it opens in the window, page by page, as issued", async () => {
    await openSection("Statements");
    await fill("statement-investor", "Amal");
    await fill("statement-from", "2026-11-01");
    await fill("statement-to", "2026-11-30");
    await window.click(await window.button("Issue statement"));
    const issued = await status("issued");
    const id = issued.match(/STMT-[0-9A-Z-]+/)?.[0];
    assert.ok(id, `the notice names the statement: ${issued}`);
    // pdf.js has drawn its one page when the preview says how many it drew.
    await window.find('[data-testid=pdf-preview][data-pages="1"]', 30_000);
    await window.find(`canvas[aria-label="${id}, page 1 of 1"]`);
    await window.waitForText("[data-testid=documents]", id);
    await window.screenshot(join(shots, "20-statement-preview.png"));
    await assertAccessible("a statement's preview");
    // The same statement from a terminal is the document the window issued, byte for byte.
    const out = join(scratch, "amal-2026-11.pdf");
    const again = JSON.parse(
      asUserOk("olga", [
        "--json",
        "statement",
        "generate",
        "--investor",
        "Amal",
        "--from",
        "2026-11-01",
        "--to",
        "2026-11-30",
        "--out",
        out,
      ]),
    );
    assert.equal(again.issued_now, false, "issued once, in the window");
    assert.equal(again.document.document_id, id);
    const verified = JSON.parse(asUserOk("abe", ["--json", "statement", "verify", out]));
    assert.equal(verified.document_id, id);
    const text = execFileSync("pdftotext", ["-layout", out, "-"], { encoding: "utf8" }).replace(/ +/g, " ");
    assert.match(
      text,
      /Closing balance at 30 Nov 2026 \$ 312\.00/,
      "November closes on Amal's share; December's payment is not in it",
    );
    // Back on the distributions, where the next test finds her.
    await openSection("Distributions");
    await fill("daily-date", "2026-11-24");
  });

  test("the officer drafts and calculates an LP event on the deal, and the approver approves it with a code, posting each holder's allocation", async () => {
    await openSection("Deals");
    await window.click(await window.find('button[aria-label="Open Phones"]'));
    await fill("event-title", "Sale of the stock");
    await fill("event-amount", "500.00");
    await fill("event-date", "2026-11-26");
    await window.click(await window.button("Draft event"));
    await status("drafted: Sale of the stock");
    await window.click(await window.find('button[aria-label="Open Sale of the stock"]'));
    await window.click(await window.button("Calculate…"));
    await window.waitForText("[role=dialog]", "allocate 500.00 USD");
    await window.click(await window.button("Calculate"));
    await status("Calculated");
    await window.waitForText("[data-testid=event-snapshot]", "100.0000000 units");
    const calculated = await window.tableRows("[data-testid=allocations]");
    assert.deepEqual(calculated[1], [
      "Amal",
      "100.0000000",
      "500.00 USD",
      "0.00",
      "0.00",
      "500.00",
      "100.0000000%",
      "allocated",
    ]);

    await signOutAndIn("abe");
    await openSection("Deals");
    await window.click(await window.find('button[aria-label="Open Phones"]'));
    await window.click(await window.find('button[aria-label="Open Sale of the stock"]'));
    await window.click(await window.button("Approve and post…"));
    await window.waitForText("[role=dialog]", "post 500.00 USD to 1 holders");
    await fill("second-factor-code", await freshCode());
    await window.click(await window.button("Approve and post"));
    await status("Approved and posted to the ledger");
    await window.waitForText("[data-testid=position-available]", "500.00 USD");
    const approvedRows = await window.tableRows("[data-testid=allocations]");
    assert.deepEqual(approvedRows.slice(1), [
      ["Amal", "100.0000000", "500.00 USD", "0.00", "0.00", "500.00", "100.0000000%", "allocated"],
    ]);
    await window.scrollTo("[data-testid=event-page]");
    await window.screenshot(join(shots, "21-lp-event.png"));
    await assertAccessible("an LP event's page");
    const shown = JSON.parse(asUserOk("olga", ["--json", "event", "list", "--deal", "Phones"])).items[0];
    assert.equal(shown.status, "active");
    assert.equal(shown.totals.available, "500.00");

    // Back as the officer on the distributions, where the next test finds her.
    await signOutAndIn("olga");
    await openSection("Distributions");
    await fill("daily-date", "2026-11-24");
  });

  test("a gateway's file imported from a terminal shows in the revenue section: the month with its chart, the top community and a member's wallet history", async () => {
    const today = new Date().toISOString().slice(0, 10);
    asUserOk(ADMIN, [
      "fees",
      "set",
      "--gst-rate",
      "0.18",
      "--gateway-rate",
      "0.02",
      "--platform-rate",
      "event=0.10",
      "sponsor=0.12",
      "premium=0.15",
      "custom=0.10",
      "--from",
      today,
    ]);
    asUserOk("olga", [
      "community",
      "add",
      "Chess club",
      "--currency",
      "INR",
      "--role-share",
      "owner=0.50",
      "admin_team=0.20",
      "moderator_team=0.10",
      "event_team=0.20",
    ]);
    for (const [name, role] of [
      ["Asha", "owner"],
      ["Ben", "admin_team"],
      ["Dev", "moderator_team"],
      ["Esha", "event_team"],
    ]) {
      asUserOk("olga", ["community", "member", "add", "Chess club", name, "--role", role]);
    }
    const file = join(scratch, "razorpay.csv");
    writeFileSync(
      file,
      "key,community,source,gross,date,gateway,reference\n" +
        `pay_1,Chess club,event,10000.00,${today},razorpay,Spring open\n` +
        `pay_2,Chess club,sponsor,50000.00,${today},razorpay,\n`,
    );
    assert.match(asUserOk("olga", ["revenue", "import", file]), /2 recorded/);

    await openSection("Revenue");
    const month = today.slice(0, 7);
    await window.waitForText("[data-testid=revenue-report]", month);
    const rows = await window.tableRows("[data-testid=revenue-months-INR]");
    assert.deepEqual(
      rows.at(-1),
      [month, "2", "60,000.00", "10,800.00", "1,161.12", "5,604.54", "42,434.34", "0.00"],
      "both worked examples of DESIGN §8, to the paisa",
    );
    const top = await window.tableRows("[data-testid=top-communities]");
    assert.deepEqual(top[1], ["Chess club", "2", "60,000.00 INR", "42,434.34 INR"]);
    await window.find("[data-testid=revenue-chart-INR] svg rect.bar-gross");
    await window.click(await window.find('button[aria-label="History of Asha\'s wallet"]'));
    const history = await window.waitForText("[data-testid=wallet-history]", "Share of revenue");
    assert.match(history, /Asha's wallet \(Chess club, owner\): open/);
    assert.match(history, /Pending 21,217\.17 INR, available 0\.00 INR/);
    await window.screenshot(join(shots, "22-revenue.png"));
    await window.scrollTo("[data-testid=wallet-history]");
    await window.screenshot(join(shots, "23-wallet-history.png"));
    await assertAccessible("the revenue section with a wallet's history");

    // Back on the distributions, where the next test finds her.
    await openSection("Distributions");
    await fill("daily-date", "2026-11-24");
  });

  test("a network's transaction and an affiliate's sale recorded from a terminal show in the commissions section: the grid with inherited rates, the parts, the commissions", async () => {
    asUserOk(ADMIN, ["scheme", "add", "root"]);
    asUserOk(ADMIN, [
      "scheme",
      "set",
      "root",
      "--service",
      "recharge",
      "--rate",
      "admin=0.05",
      "white_label=0.04",
      "master_distributor=0.03",
      "distributor=0.02",
      "retailer=0.015",
    ]);
    asUserOk("olga", ["scheme", "add", "wl", "--parent", "root"]);
    asUserOk("olga", ["scheme", "set", "wl", "--service", "recharge", "--rate", "retailer=0.012"]);
    asUserOk("olga", ["member", "add", "Top", "--role", "admin", "--scheme", "root", "--currency", "INR"]);
    asUserOk("olga", ["member", "add", "Wala", "--role", "white_label", "--upline", "Top", "--scheme", "wl"]);
    asUserOk("olga", ["member", "add", "Rita", "--role", "retailer", "--upline", "Wala", "--scheme", "wl"]);
    assert.match(
      asUserOk("olga", ["txn", "record", "--member", "Rita", "--service", "recharge", "--amount", "1000.00"]),
      /recorded/,
    );
    asUserOk(ADMIN, ["affiliate", "rates", "--direct", "0.10", "--override", "0.025"]);
    asUserOk("olga", ["affiliate", "add", "Ana", "--code", "ANA", "--currency", "USD"]);
    asUserOk("olga", ["affiliate", "add", "Ben", "--parent", "ANA", "--code", "BEN"]);
    asUserOk("olga", ["sale", "record", "--affiliate", "BEN", "--amount", "199.90"]);

    await openSection("Commissions");
    await window.click(await window.button("wl"));
    await window.waitForText("[data-testid=scheme-grid]", "recharge");
    const grid = await window.tableRows("[data-testid=scheme-grid]");
    assert.deepEqual(
      grid[1].slice(0, 7),
      ["recharge", "0.05 from root", "0.04 from root", "0.03 from root", "0.02 from root", "0.012", "0 unset"],
      "the retailer's rate set here, the rest inherited from the root",
    );
    await window.click(await window.find('button[aria-label="Transactions of Rita"]'));
    await window.waitForText("[data-testid=network-transactions]", "50.00");
    await window.click(await window.find('button[aria-label^="Parts of transaction"]'));
    await window.waitForText("[data-testid=network-parts]", "Rita");
    const parts = await window.tableRows("[data-testid=network-parts]");
    assert.deepEqual(
      parts.slice(1),
      [
        ["Rita", "retailer", "0.012", "12.00 INR"],
        ["Wala", "white label", "0.028", "28.00 INR"],
        ["Top", "admin", "0.01", "10.00 INR"],
      ],
      "no distributor or master distributor between Rita and Wala: their margins are Wala's",
    );
    await window.screenshot(join(shots, "24-commissions.png"));
    await window.click(await window.find('button[aria-label="Commissions of Ben"]'));
    await window.waitForText("[data-testid=affiliate-payable]", "Payable 19.99 USD, 19.99 available to withdraw.");
    const tree = await window.tableRows("[data-testid=affiliate-tree]");
    assert.deepEqual(tree[1].slice(0, 6), ["Ana", "ANA", "0", "0.00 USD", "0.00", "5.00"]);
    await window.scrollTo("[data-testid=affiliate-commissions]");
    await window.screenshot(join(shots, "25-affiliates.png"));
    await assertAccessible("the commissions section with a transaction's parts and an affiliate's commissions");

    await openSection("Distributions");
    await fill("daily-date", "2026-11-24");
  });

  test("a bank statement imported, matched and resolved from a terminal shows in the reconciliation: the ledger against the statement, the matches by rule, what is open and what waits for a second person", async () => {
    const batches = JSON.parse(asUserOk("olga", ["--json", "batch", "list"])).items;
    const batch = batches.find((b) => b.status === "executed");
    const items = JSON.parse(asUserOk("olga", ["--json", "batch", "show", String(batch.id)])).items;
    const entry = (n, amount, side, ref, why) =>
      `<Ntry><Amt Ccy="USD">${amount}</Amt><CdtDbtInd>${side}</CdtDbtInd><Sts><Cd>BOOK</Cd></Sts>` +
      `<BookgDt><Dt>2026-11-26</Dt></BookgDt><AcctSvcrRef>E2E-${n}</AcctSvcrRef>` +
      `<NtryDtls><TxDtls><Refs>${ref ? `<EndToEndId>${ref}</EndToEndId>` : ""}</Refs>${why}</TxDtls></NtryDtls></Ntry>`;
    const camt =
      `<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.08"><BkToCstmrStmt>` +
      `<GrpHdr><MsgId>E2E-STMT</MsgId></GrpHdr><Stmt><Id>E2E-1</Id>` +
      `<Acct><Id><Othr><Id>000123454321</Id></Othr></Id><Ccy>USD</Ccy></Acct>` +
      entry(1, "100.00", "DBIT", items[0].reference, "") +
      entry(2, "200.00", "CRDT", items[1].reference, "<RtrInf><Rsn><Cd>AC04</Cd></Rsn></RtrInf>") +
      entry(3, "4.90", "DBIT", null, "") +
      `</Stmt></BkToCstmrStmt></Document>`;
    const file = join(scratch, "statement.xml");
    writeFileSync(file, camt);
    assert.match(asUserOk("olga", ["bank", "import", file, "--bank", "Operating"]), /3 line\(s\)/);
    assert.match(asUserOk("olga", ["reconcile", "bank", "--bank", "Operating"]), /^0 matched/m);
    asUserOk(ADMIN, ["bank", "threshold", "--bank", "Operating", "--review-above", "10.00"]);
    const open = JSON.parse(asUserOk("olga", ["--json", "reconcile", "open", "--bank", "Operating"]));
    const line = (amount) => String(open.lines.find((l) => l.amount === amount).id);
    asUserOk("olga", ["reconcile", "resolve", line("4.90"), "--ignore", "--reason", "the bank's own charge"]);
    const held = asUserOk("olga", [
      "reconcile",
      "resolve",
      line("100.00"),
      "--ignore",
      "--reason",
      "confirmed from the bank's report already",
    ]);
    assert.match(held, /pending_review/);

    await openSection("Payout batches");
    await window.scrollTo("[data-testid=reconciliation]");
    await window.click(await window.find('select[name=reconciliation-bank] option[value="Operating"]'));
    const balances = await window.waitForText("[data-testid=reconciliation-balances]", "E2E-1");
    assert.match(balances, /Ledger bank:\d+/);
    const rules = await window.tableRows("[data-testid=reconciliation-rules]");
    assert.deepEqual(rules.slice(1), [["by hand", "ignored", "1", "1", "4.90 USD"]]);
    const lines = await window.tableRows("[data-testid=reconciliation-open-lines]");
    assert.deepEqual(
      lines.slice(1).map((r) => [r[2], r[4]]),
      [["return", "200.00 USD"]],
      "the return is open; the line held for review is not",
    );
    const waiting = await window.waitForText("[data-testid=reconciliation-waiting]", "confirmed from the bank");
    assert.match(waiting, /You resolved this line: another person reviews it/);
    await window.scrollTo("[data-testid=reconciliation-rules]");
    await window.screenshot(join(shots, "26-reconciliation.png"));
    await assertAccessible("the bank reconciliation");
    await openSection("Distributions");
    await fill("daily-date", "2026-11-24");
  });

  test("a role revoked and a user disabled from the command line take effect on the next action in the open window", async () => {
    // olga is still signed in to the window; the admin changes her standing from a terminal.
    const asAdmin = (...args) =>
      execFileSync(cli, ["--data-dir", dataDir, "--user", ADMIN, ...args], {
        env: { ...process.env, PRORATA_PASSWORD: PASSWORD },
        stdio: ["ignore", "pipe", "pipe"],
      });
    asAdmin("user", "revoke", "olga", "officer");
    await window.click(await window.button("Run"));
    const refused = await window.waitForText("[role=alert]", "officer", 20_000);
    assert.match(refused, /Not allowed/, "refused by the role she holds now, not the one she signed in with");
    await window.screenshot(join(shots, "11-role-revoked.png"));
    asAdmin("user", "grant", "olga", "officer");
    asAdmin("user", "disable", "olga");
    await window.click(await window.button("Run"));
    await window.waitForText("[role=alert]", "user olga is disabled", 20_000);
  });
});
