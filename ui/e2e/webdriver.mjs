// A small W3C WebDriver client over Node's fetch: enough to drive the Prorata window through
// tauri-driver, with waits that are bounded and errors that say what was looked for.

import { createHash } from "node:crypto";
import { spawn, execFileSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";

const ELEMENT = "element-6066-11e4-a52e-4f735466cecf";
const DEFAULT_WAIT_MS = 15_000;
const POLL_MS = 100;
/** axe-core's own build, injected into the page under test as it ships. */
const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");
/** The WebDriver key code of Escape and of Tab. */
export const KEYS = { escape: "\uE00C", tab: "\uE004" };

export class Driver {
  constructor(port) {
    this.base = `http://127.0.0.1:${port}`;
    this.session = null;
  }

  async call(method, path, body) {
    const response = await fetch(this.base + path, {
      method,
      headers: { "content-type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const json = await response.json();
    if (!response.ok) {
      const { error, message } = json.value ?? {};
      throw new Error(`WebDriver ${method} ${path}: ${error}: ${message}`);
    }
    return json.value;
  }

  at(path) {
    return `/session/${this.session}${path}`;
  }

  /** Opens the application as a new session: a new process and window. */
  async open(application) {
    const value = await this.call("POST", "/session", {
      capabilities: { alwaysMatch: { "tauri:options": { application } } },
    });
    this.session = value.sessionId;
  }

  /** Ends the session, which closes the window and ends the application's process. */
  async close() {
    if (this.session !== null) {
      await this.call("DELETE", `/session/${this.session}`).catch(() => {});
      this.session = null;
    }
  }

  async findAll(using, selector) {
    const found = await this.call("POST", this.at("/elements"), { using, value: selector });
    return found.map((element) => element[ELEMENT]);
  }

  /** The first element matching a CSS selector, waited for up to `waitMs`. */
  async find(selector, waitMs = DEFAULT_WAIT_MS) {
    return this.waitFor("css selector", selector, waitMs);
  }

  /** The first element matching an XPath, waited for up to `waitMs`. */
  async findXPath(xpath, waitMs = DEFAULT_WAIT_MS) {
    return this.waitFor("xpath", xpath, waitMs);
  }

  async waitFor(using, selector, waitMs) {
    const deadline = Date.now() + waitMs;
    for (;;) {
      const [first] = await this.findAll(using, selector);
      if (first !== undefined) {
        return first;
      }
      if (Date.now() > deadline) {
        throw new Error(`nothing matched ${using} ${selector} within ${waitMs} ms`);
      }
      await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    }
  }

  /** The button whose text is exactly `label`. */
  async button(label) {
    return this.findXPath(`//button[normalize-space()=${JSON.stringify(label)}]`);
  }

  async click(element) {
    await this.call("POST", this.at(`/element/${element}/click`), {});
  }

  async type(element, text) {
    await this.call("POST", this.at(`/element/${element}/value`), { text });
  }

  async clear(element) {
    await this.call("POST", this.at(`/element/${element}/clear`), {});
  }

  async text(element) {
    return this.call("GET", this.at(`/element/${element}/text`));
  }

  /** The cells' texts of every row of the table matched by `selector`, as the page has them. */
  async tableRows(selector) {
    return this.call("POST", this.at("/execute/sync"), {
      script:
        "const table = document.querySelector(arguments[0]);" +
        "return table ? [...table.rows].map((row) => [...row.cells].map((cell) => cell.textContent.trim())) : null;",
      args: [selector],
    });
  }

  /** Scrolls the page until the element matched by `selector` starts at the top of the view. */
  async scrollTo(selector) {
    await this.call("POST", this.at("/execute/sync"), {
      script: "document.querySelector(arguments[0]).scrollIntoView({ block: 'start' }); return true;",
      args: [selector],
    });
  }

  /** Waits until the element's text contains `expected`, and returns the text. */
  async waitForText(selector, expected, waitMs = DEFAULT_WAIT_MS) {
    const deadline = Date.now() + waitMs;
    let last = "";
    for (;;) {
      const [element] = await this.findAll("css selector", selector);
      if (element !== undefined) {
        last = await this.text(element).catch(() => "");
        if (last.includes(expected)) {
          return last;
        }
      }
      if (Date.now() > deadline) {
        throw new Error(
          `${selector} did not show ${JSON.stringify(expected)} within ${waitMs} ms; it showed ${JSON.stringify(last)}`,
        );
      }
      await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    }
  }

  /**
   * The serious and critical WCAG violations axe-core finds on the page as it is now, each as
   * "rule: what it is (n elements: selectors)"; empty when there are none.
   */
  async accessibilityViolations() {
    // The window's content security policy forbids eval, so axe's source is the script itself.
    await this.call("POST", this.at("/execute/sync"), {
      script: `if (!window.axe) { ${AXE_SOURCE}\n } return true;`,
      args: [],
    });
    return this.call("POST", this.at("/execute/async"), {
      script:
        "const done = arguments[arguments.length - 1];" +
        "window.axe.run(document, { resultTypes: ['violations'], runOnly: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] })" +
        ".then((r) => done(r.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')" +
        ".map((v) => v.id + ': ' + v.help + ' (' + v.nodes.length + ' elements: ' + v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(', ') + ')')))" +
        ".catch((e) => done(['axe failed: ' + e]));",
      args: [],
    });
  }

  /** The element that has the keyboard focus. */
  async activeElement() {
    const element = await this.call("GET", this.at("/element/active"));
    return element[ELEMENT];
  }

  /** Presses keys on the element that has the focus. */
  async press(key) {
    await this.type(await this.activeElement(), key);
  }

  /** Whether the focused element draws a visible focus indicator: an outline or a box shadow. */
  async focusVisible() {
    return this.call("POST", this.at("/execute/sync"), {
      script:
        "const e = document.activeElement; if (!e || e === document.body) return false;" +
        "const s = getComputedStyle(e);" +
        "return (s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0) || s.boxShadow !== 'none';",
      args: [],
    });
  }

  /** The outer HTML's opening tag of the focused element, to say what has the focus. */
  async describeFocus() {
    return this.call("POST", this.at("/execute/sync"), {
      script: "const e = document.activeElement; return e ? e.outerHTML.slice(0, 120) : 'nothing';",
      args: [],
    });
  }

  /** Waits until the page has rendered two more frames: what it shows is laid out and painted. */
  async painted() {
    await this.call("POST", this.at("/execute/async"), {
      script:
        "const done = arguments[arguments.length - 1];" +
        "requestAnimationFrame(() => requestAnimationFrame(() => done(true)));",
      args: [],
    });
  }

  /**
   * Saves what the X display shows as a PNG, once it shows this screen. Under Xvfb, WebDriver's
   * own screenshot of a WebKitGTK view comes back blank, so the display itself is captured;
   * and the display trails the page, so after the page has painted, the display is captured
   * again until it is neither blank nor identical to any screenshot taken before in this run.
   * Fails, naming the screenshot it repeats, if it never is.
   */
  async screenshot(path, waitMs = DEFAULT_WAIT_MS) {
    await this.painted();
    this.shots ??= new Map();
    const deadline = Date.now() + waitMs;
    for (;;) {
      const pnm = captureDisplay();
      const digest = createHash("sha256").update(pnm).digest("hex");
      const repeats = this.shots.get(digest);
      if (!isBlank(pnm) && repeats === undefined) {
        this.shots.set(digest, path);
        const png = execFileSync("pnmtopng", [], {
          input: pnm,
          maxBuffer: 64 * 1024 * 1024,
          stdio: ["pipe", "pipe", "ignore"],
        });
        writeFileSync(path, png);
        return;
      }
      if (Date.now() > deadline) {
        const seen = repeats === undefined ? "a blank display" : `the same display as ${repeats}`;
        throw new Error(
          `${path}: the display did not show a newly painted screen within ${waitMs} ms; it showed ${seen}`,
        );
      }
      await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    }
  }
}

/** Starts tauri-driver on `port` with WebKitWebDriver beneath it; the application inherits `env`. */
export async function startTauriDriver(port, env) {
  // A process group of its own, so that stopping it stops WebKitWebDriver and the window it
  // started too, even after the window's page crashed: a window left behind would hold the
  // test runner's output open and the run would never end.
  const driver = spawn("tauri-driver", ["--port", String(port), "--native-driver", "/usr/bin/WebKitWebDriver"], {
    env,
    stdio: ["ignore", "inherit", "inherit"],
    detached: true,
  });
  const deadline = Date.now() + 20_000;
  for (;;) {
    try {
      const response = await fetch(`http://127.0.0.1:${port}/status`);
      if (response.ok) {
        return driver;
      }
    } catch {
      // Not listening yet.
    }
    if (driver.exitCode !== null || Date.now() > deadline) {
      stopTauriDriver(driver);
      throw new Error("tauri-driver did not start (is it installed, and is WebKitWebDriver at /usr/bin?)");
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/** Stops tauri-driver the way it expects, so it also stops WebKitWebDriver. */
export function stopTauriDriver(driver) {
  try {
    process.kill(-driver.pid, "SIGTERM");
  } catch {
    // The group has ended already.
  }
}

/** What the X display shows, as a binary PNM image. */
function captureDisplay() {
  const xwd = execFileSync("xwd", ["-root", "-silent"], { maxBuffer: 64 * 1024 * 1024 });
  return execFileSync("xwdtopnm", [], {
    input: xwd,
    maxBuffer: 64 * 1024 * 1024,
    stdio: ["pipe", "pipe", "ignore"],
  });
}

/** Whether a binary PNM image is one colour all over: a window that has not painted yet. */
export function isBlank(pnm) {
  const header = /^P([56])\s+\d+\s+\d+\s+\d+\s/.exec(pnm.subarray(0, 64).toString("latin1"));
  if (header === null) {
    throw new Error("the display capture is not a binary PNM image");
  }
  const pixel = header[1] === "6" ? 3 : 1;
  const start = header[0].length;
  for (let i = start + pixel; i + pixel <= pnm.length; i += pixel) {
    for (let c = 0; c < pixel; c++) {
      if (pnm[i + c] !== pnm[start + c]) {
        return false;
      }
    }
  }
  return true;
}
