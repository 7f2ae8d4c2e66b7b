// Connect or Not: the card studio (quiz/studio/), built into quiz-studio.js, which
// only that page loads.
//
// A trainer writes one card's YAML in a text box. As they type, the page's own
// grader (started the studio's way: the whole package, PyYAML and Markdown) runs
// `connect-or-not validate --coverage` and `explain --json` on it, as a terminal
// would (connect_or_not.studio): what they say is shown as they say it, each
// `file:line:col` a button that takes the caret there, and a card that loads is
// previewed as learners will see it, its Markdown cleaned by DOMPurify to the
// build's own allowlist (contract.SANITISER). "New card" starts from the CLI's
// template for a kind; "Download" and "Copy" take the YAML away; every card that
// loads is kept in this browser, with a set for mkdocs.yml. Nothing is sent.
//
// DOM contract (studio.html): .con-studio holds .con-studio-text (the YAML), its
// line numbers (.con-studio-lines), the tools (.con-studio-kind, -new, -name,
// -download, -copy), a status line and the places for what is said, the preview
// and the set (.con-studio-said, -preview, -set), and a .con-studio-data block
// (StudioConfig). After each check it carries data-checked (a count) and
// data-ok.
import DOMPurify from "dompurify";

import { Advice } from "./advice.js";
import { fromGrader, verdictSection } from "./ask.js";
import { Component, el } from "./core.js";
import { Engine } from "./engine.js";

/** @typedef {import("./core.js").Parts} Parts */
/** @typedef {import("./contract.js").Verdict} Verdict */
/** @typedef {import("./contract.js").Sanitiser} Sanitiser */
/** @typedef {import("./contract.js").StudioConfig} StudioConfig */
/**
 * What connect_or_not.studio.check answers.
 * @typedef {Object} Checked
 * @property {boolean} ok
 * @property {string[]} said the CLI's lines, as printed
 * @property {{file: string, line: number, column: number, message: string}[]} problems
 * @property {Record<string, Verdict>} verdicts by policy, when the card loads
 * @property {{id: string, kind: string, kindTitle: string, title: string, story: string,
 *   debrief: string, draft: boolean, tags: string[],
 *   choices: {decision: string, label: string}[]} | null} card
 */

const STORE = "connect-or-not:studio";
const TYPING_PAUSE_MS = 300;
const CHECK_TIMEOUT_MS = 10000;
const PROBLEM = /^([^:\n]+):(\d+):(\d+): /;

// Card Markdown, as Python-Markdown rendered it, kept to what a card page may show:
// the same elements, attributes (by element) and links as the build's nh3
// (contract.SANITISER, which the page's data block carries).
/** @param {string} html @param {Sanitiser} rules */
export function cleaned(html, rules) {
  const safeLink = new RegExp(`^(?:(?:${rules.schemes.join("|")}):|[^:]*$)`, "i");
  const purifier = DOMPurify(window);
  purifier.addHook("uponSanitizeAttribute", (node, data) => {
    data.keepAttr = (rules.attributes[node.nodeName.toLowerCase()] || []).includes(data.attrName)
      && (data.attrName !== "href" || safeLink.test(data.attrValue.trim()));
  });
  purifier.addHook("afterSanitizeAttributes", (node) => {
    if (node.nodeName === "A") node.setAttribute("rel", "noopener noreferrer");
  });
  return purifier.sanitize(html, { ALLOWED_TAGS: rules.tags,
    ALLOWED_ATTR: [...new Set(Object.values(rules.attributes).flat())], ALLOW_DATA_ATTR: false,
    RETURN_DOM_FRAGMENT: true });
}

export class Studio extends Component {
  /**
   * @param {HTMLElement} root @param {Parts} parts
   * @param {URL} workerUrl the grader's worker, beside this script
   */
  constructor(root, parts, workerUrl) {
    super(root, parts);
    /** @type {StudioConfig} */
    this.setup = this.data(".con-studio-data");
    // A grader of the studio's own, started its way (the whole package, PyYAML and
    // Markdown), whatever grader the visit's other pages started.
    this.engine = new Engine();
    this.workerUrl = workerUrl;
    this.text = /** @type {HTMLTextAreaElement} */ (this.part(".con-studio-text"));
    this.lines = this.part(".con-studio-lines");
    this.name = /** @type {HTMLInputElement} */ (this.part(".con-studio-name"));
    this.kind = /** @type {HTMLSelectElement} */ (this.part(".con-studio-kind"));
    this.status = this.part(".con-studio-status");
    this.said = this.part(".con-studio-said");
    this.preview = this.part(".con-studio-preview");
    this.set = this.part(".con-studio-set");
    this.checks = 0; // the latest check: an older answer arriving late is dropped
    /** @type {ReturnType<typeof setTimeout> | undefined} */
    this.pause = undefined;
    /** @type {Checked | null} */
    this.last = null;
    /** @type {{text: string, name: string, cards: Record<string, string>}} */
    this.work = this.load();
  }

  enhance() {
    this.engine.start(this.workerUrl, this.setup.runtime, "studio");
    this.keepOffline();
    this.text.value = this.work.text || this.setup.templates[this.kind.value] || "";
    this.name.value = this.work.name || "my-card.yaml";
    this.text.addEventListener("input", () => this.changed());
    this.text.addEventListener("scroll", () => { this.lines.scrollTop = this.text.scrollTop; });
    this.name.addEventListener("input", () => this.changed());
    this.part(".con-studio-new").addEventListener("click", () => {
      this.text.value = this.setup.templates[this.kind.value];
      this.name.value = "my-card.yaml";
      this.changed();
      this.text.focus();
    });
    this.part(".con-studio-download").addEventListener("click", () => this.download());
    this.part(".con-studio-copy").addEventListener("click", () => this.copy(this.text.value));
    this.numberLines();
    this.showSet();
    this.check();
  }

  // Once started, its files are kept for offline use with the page (as main.js asks
  // for a card's grader).
  async keepOffline() {
    if (!(await this.engine.ready()) || !("serviceWorker" in navigator)) return;
    const registration = await navigator.serviceWorker.ready;
    registration.active?.postMessage({ op: "cache-for-offline",
      runtime: this.engine.started?.files, pages: [location.href] });
  }

  // -- the work, kept in this browser ---------------------------------------------

  load() {
    try {
      const kept = JSON.parse(localStorage.getItem(STORE) || "{}");
      const cards = kept && typeof kept.cards === "object" && kept.cards ? kept.cards : {};
      return { text: typeof kept.text === "string" ? kept.text : "",
        name: typeof kept.name === "string" ? kept.name : "",
        cards: Object.fromEntries(Object.entries(cards).filter(([, v]) => typeof v === "string")) };
    } catch {
      return { text: "", name: "", cards: {} };
    }
  }

  keep() {
    this.work.text = this.text.value;
    this.work.name = this.name.value;
    try {
      localStorage.setItem(STORE, JSON.stringify(this.work));
    } catch {
      // no storage (a private window): the work lasts while the page is open
    }
  }

  changed() {
    this.numberLines();
    this.keep();
    clearTimeout(this.pause);
    this.pause = setTimeout(() => this.check(), TYPING_PAUSE_MS);
  }

  /** @param {number} [bad] a line with a problem */
  numberLines(bad = 0) {
    const count = this.text.value.split("\n").length;
    this.lines.replaceChildren(...Array.from({ length: count }, (_, i) =>
      el("span", { class: i + 1 === bad ? "con-studio-bad" : "", text: `${i + 1}\n` })));
    this.lines.scrollTop = this.text.scrollTop;
  }

  // -- the checks -----------------------------------------------------------------

  async check() {
    const checks = ++this.checks;
    const text = this.text.value;
    const name = this.name.value.trim();
    // A check past its limit: the engine replaces the stuck worker (engine.js), the
    // trainer's text stays, and the line most likely at fault is named.
    const request = async () => {
      try {
        return await this.engine.send("check", { text, name, policy: this.setup.policy },
          CHECK_TIMEOUT_MS);
      } catch (error) {
        if (!/^no answer to check/.test(String(error instanceof Error ? error.message : error))) {
          throw error;
        }
        return this.tooSlow(text, name || "my-card.yaml");
      }
    };
    /** @type {Checked | null} */
    const checked = await fromGrader(this.engine, this.status, (id, p) => this.t(id, p), request,
      { starting: "studio.starting", failed: "studio.failed", stale: () => checks !== this.checks });
    if (!checked) return;
    this.last = checked;
    this.showSaid(checked);
    this.showPreview(checked);
    if (checked.ok && checked.card && !checked.card.draft) { // a set cannot hold a draft
      this.work.cards[checked.card.id] = this.text.value;
      this.keep();
      this.showSet();
    }
    const problems = checked.problems.filter((p) => !p.message.startsWith("warning:")).length;
    this.status.textContent = checked.ok ? this.t("studio.ok")
      : this.t("studio.problems", { count: Math.max(problems, 1) });
    this.numberLines(checked.problems[0]?.line || 0);
    this.root.dataset.checked = String(checks);
    this.root.dataset.ok = String(checked.ok);
  }

  // What the checks say of a card they could not read in time: its longest line, in
  // the CLI's words (file:line:col), and nothing to preview.
  /** @param {string} text @param {string} name @returns {Checked} */
  tooSlow(text, name) {
    const lines = text.split("\n");
    const longest = lines.reduce((best, line, i) => (line.length > lines[best].length ? i : best), 0);
    const message = this.t("studio.tooSlow", { count: lines[longest].length });
    return { ok: false, said: [`${name}:${longest + 1}:1: ${message}`, this.t("studio.restarted")],
      problems: [{ file: name, line: longest + 1, column: 1, message }], verdicts: {}, card: null };
  }

  /** @param {Checked} checked */
  showSaid(checked) {
    const list = el("ul", { class: "con-studio-lines-said" });
    for (const line of checked.said) {
      const found = PROBLEM.exec(line);
      const item = el("li");
      if (found) {
        const button = el("button", { type: "button", class: "con-studio-goto", text: line });
        button.addEventListener("click", () => this.goTo(Number(found[2]), Number(found[3])));
        item.append(button);
      } else item.append(el("code", { text: line }));
      list.append(item);
    }
    this.said.replaceChildren(el("h2", { text: this.t("studio.said") }), list);
  }

  // The caret at line:col (as the CLI counts them, from 1), the line selected.
  /** @param {number} line @param {number} column */
  goTo(line, column) {
    const lines = this.text.value.split("\n");
    const start = lines.slice(0, line - 1).reduce((sum, text) => sum + text.length + 1, 0);
    const at = start + Math.max(0, column - 1);
    this.text.focus();
    this.text.setSelectionRange(at, start + (lines[line - 1] || "").length);
    const height = this.text.scrollHeight / Math.max(lines.length, 1);
    this.text.scrollTop = Math.max(0, (line - 3) * height);
    this.numberLines(line);
  }

  /** @param {Checked} checked */
  showPreview(checked) {
    const card = checked.card;
    if (!card) {
      this.preview.replaceChildren();
      return;
    }
    const labels = Object.fromEntries(card.choices.map((c) => [c.decision, c.label]));
    const advice = new Advice(this.config, this.messages,
      (decision) => labels[decision] ?? this.config.labels[decision]);
    const story = el("div", { class: "con-story" });
    story.append(cleaned(card.story, this.setup.sanitiser));
    const shown = el("article", { class: "con-studio-card", "data-card": card.id },
      el("h3", { text: card.title }),
      el("p", { class: "con-meta", text: card.kindTitle }),
      story,
      el("ol", {}, ...card.choices.map((c) => el("li", { text: c.label }))));
    if (card.debrief) {
      const debrief = el("div", { class: "con-debrief" });
      debrief.append(cleaned(card.debrief, this.setup.sanitiser));
      shown.append(debrief);
    }
    const verdicts = Object.values(checked.verdicts).map((verdict) =>
      verdictSection(advice, verdict, this.t(verdict.policy === this.setup.policy
        ? "ask.policyOfCourse" : "ask.policy", { policy: this.config.policies[verdict.policy] }),
      "h4"));
    shown.append(...verdicts);
    this.preview.replaceChildren(el("h2", { text: this.t("studio.preview") }), shown);
  }

  // -- taking the work away -------------------------------------------------------

  fileName() {
    const card = this.last?.ok ? this.last.card : null;
    return card ? `${card.id}.yaml` : this.name.value.trim() || "my-card.yaml";
  }

  download() {
    const url = URL.createObjectURL(new Blob([this.text.value], { type: "application/yaml" }));
    const link = el("a", { href: url, download: this.fileName() });
    document.body.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(url), 1000);
  }

  /** @param {string} text */
  async copy(text) {
    try {
      await navigator.clipboard.writeText(text);
      this.status.textContent = this.t("studio.copied");
    } catch {
      this.status.textContent = this.t("studio.notCopied");
    }
  }

  // The cards written here, each to open again, and a set of them for mkdocs.yml.
  showSet() {
    const ids = Object.keys(this.work.cards).sort();
    if (!ids.length) {
      this.set.replaceChildren();
      return;
    }
    const list = el("ul");
    for (const id of ids) {
      const open = el("button", { type: "button", class: "con-studio-open", text: `${id}.yaml` });
      open.addEventListener("click", () => {
        this.text.value = this.work.cards[id];
        this.name.value = `${id}.yaml`;
        this.changed();
      });
      list.append(el("li", {}, open));
    }
    const snippet = ["        - id: my-set", "          title: My set",
      `          cards: [${ids.join(", ")}]`].join("\n");
    const copy = el("button", { type: "button", class: "md-button con-studio-copy-set",
      text: this.t("studio.copySet") });
    copy.addEventListener("click", () => this.copy(snippet));
    this.set.replaceChildren(el("h2", { text: this.t("studio.cards") }), list,
      el("p", { text: this.t("studio.setIntro") }),
      el("pre", {}, el("code", { tabindex: "0", text: snippet })), // it may scroll
      el("p", {}, copy));
  }
}
