// Connect or Not: "Ask about your invitation" (quiz/ask/), built into quiz-ask.js,
// which only that page loads.
//
// The reader picks the kind and says what they know of the invitation, every fact
// optional: left as it is, a fact is the usual case (or left aside, where only the
// reader could answer it); "I don't know" leaves it open. The course's Python grader, in the
// browser, gives each policy's advice: its best answers, why several are best, the
// reasons with their posts and the guide, and what one change would make of it.
// The form is usable while the grader starts. The invitation is kept in the page's
// address after "#" (kind=incoming&note=none...), so that a link, or the projector,
// shows the same advice; nothing is sent or saved.
//
// DOM contract (ask.html): .con-ask[data-policies] holds a form (.con-ask-form) with radios
// name=kind and a fieldset per kind (.con-ask-facts[data-kind]) of controls named
// after their facts (a select of values: "" for the usual case, "unknown" for "I
// don't know"; a number input for a count, empty for the usual case), a status line
// (.con-ask-status) and the results (.con-ask-results).
import { Advice } from "./advice.js";
import { Component, el } from "./core.js";

/** @typedef {import("./contract.js").Verdict} Verdict */
/** @typedef {import("./core.js").Parts} Parts */
/** @typedef {import("./engine.js").Engine} Engine */

// A request to a page's grader once it is ready: the status line says while it
// starts (`starting`) and why it cannot answer (`failed`, with {problem}); null then,
// or when `stale()` says a newer request came meanwhile (this page, and the studio's).
/**
 * @template T
 * @param {Engine} engine @param {HTMLElement} status
 * @param {(id: string, params?: Record<string, unknown>) => string} t
 * @param {() => Promise<T>} request
 * @param {{starting: string, failed: string, stale: () => boolean}} words
 * @returns {Promise<T | null>}
 */
export async function fromGrader(engine, status, t, request, { starting, failed, stale }) {
  if (engine.state !== "ready") status.textContent = t(starting);
  const ready = await engine.ready();
  if (stale()) return null;
  if (!ready) {
    status.textContent = t(failed, { problem: engine.error ? t(engine.error.problem) : "" });
    return null;
  }
  try {
    const answer = await request();
    return stale() ? null : answer;
  } catch (error) {
    status.textContent = t(failed, { problem: String(error) });
    return null;
  }
}

// One policy's verdict, whole: its heading, the best answers, why several are best,
// the reasons, and what one change would do (the card studio's). The ask page
// advises a person (`advising`): the advice first, then the one or two facts that
// would change it, then why, and the other changes folded away; no word of a quiz.
// (Kept out of advice.js, which every card page loads.)
/**
 * @param {Advice} advice @param {Verdict} verdict @param {string} heading
 * @param {"h3" | "h4"} [level] @param {boolean} [advising]
 */
export function verdictSection(advice, verdict, heading, level = "h3", advising = false) {
  /** @param {string} id @param {Record<string, unknown>} [params] */
  const t = (id, params) => advice.t(id, params);
  /** @param {Verdict["flips"]} flips */
  const changes = (flips) => el("ul", { class: "con-ask-flips" }, ...flips.map((flip) =>
    el("li", { "data-fact": flip.fact, text: t("ask.change", {
      fact: advice.config.facts[flip.fact].label, value: advice.valueLabel(flip.fact, flip.to),
      labels: advice.labels(flip.best) }) })));
  const section = el("section", { class: "con-ask-policy", "data-policy": verdict.policy,
    "data-best": verdict.best.join(" ") },
  el(level, { text: heading }),
  el("p", { class: "con-ask-best", text: t(advising ? "ask.advice" : "ask.best",
    { labels: advice.labels(verdict.best) }) }));
  // Advising, the facts the reader did not settle come first (from null: left aside
  // or not known), and the first two facts are shown, one change each.
  const flips = advising ? [...verdict.flips].sort((a, b) =>
    Number(a.from !== null) - Number(b.from !== null)) : verdict.flips;
  const leading = [...new Set(flips.map((flip) => flip.fact))].slice(0, advising ? 2 : 0);
  const first = leading.map((fact) => flips.find((flip) => flip.fact === fact));
  const rest = flips.filter((flip) => !first.includes(flip));
  if (first.length) {
    section.append(el("p", { text: t("ask.wouldChange") }),
      changes(/** @type {Verdict["flips"]} */ (first)));
  }
  section.append(...advice.openNote(verdict, advising
    ? { split: "ask.split", open: "ask.open" } : undefined), advice.reasonList(verdict.reasons));
  if (rest.length && advising) {
    section.append(el("details", { class: "con-ask-more" },
      el("summary", { text: t("ask.more") }), changes(rest)));
  } else if (rest.length) section.append(el("p", { text: t("ask.changes") }), changes(rest));
  return section;
}

const ANSWER_TIMEOUT_MS = 5000;
const COUNT = /^(0|[1-9][0-9]{0,5})$/; // a count as a reader types it: 0 to 999999

export class Ask extends Component {
  /** @param {HTMLElement} root @param {Parts} parts */
  constructor(root, parts) {
    super(root, parts);
    this.engine = parts.engine;
    this.advice = new Advice(this.config, this.messages);
    this.form = /** @type {HTMLFormElement} */ (this.part(".con-ask-form"));
    this.status = this.part(".con-ask-status");
    this.results = this.part(".con-ask-results");
    /** @type {HTMLInputElement[]} */
    this.kinds = [...root.querySelectorAll("input[name=kind]")].map((input) =>
      /** @type {HTMLInputElement} */ (input));
    this.asking = 0; // the latest request: an older answer arriving late is dropped
    // The course's policy first, then the others (the template's order).
    this.policies = (root.dataset.policies || "").split(" ").filter(Boolean);
  }

  enhance() {
    for (const input of this.kinds) input.addEventListener("change", () => this.showKind());
    this.form.addEventListener("submit", (event) => {
      event.preventDefault();
      this.ask(false, true);
    });
    window.addEventListener("hashchange", () => this.fromAddress());
    this.showKind();
    this.fromAddress();
  }

  get kind() {
    return (this.kinds.find((input) => input.checked) || this.kinds[0]).value;
  }

  /** @param {string} kind */
  fieldset(kind) {
    return /** @type {HTMLFieldSetElement} */ (this.part(`.con-ask-facts[data-kind=${kind}]`));
  }

  // Only the chosen kind's facts are shown (and reached by the keyboard).
  showKind() {
    for (const input of this.kinds) {
      const fieldset = this.fieldset(input.value);
      fieldset.hidden = input.value !== this.kind;
      fieldset.disabled = fieldset.hidden;
    }
  }

  /** @param {string} kind @returns {(HTMLSelectElement | HTMLInputElement)[]} */
  controls(kind) {
    return [...this.fieldset(kind).querySelectorAll("select, input")].map((node) =>
      /** @type {HTMLSelectElement | HTMLInputElement} */ (node));
  }

  // What the reader said, as the card's facts (a fact not said is left out).
  /** @returns {Record<string, string | number | boolean>} */
  facts() {
    /** @type {Record<string, string | number | boolean>} */
    const facts = {};
    for (const control of this.controls(this.kind)) {
      const value = control.value.trim();
      if (value === "") continue;
      if (control instanceof HTMLInputElement) {
        if (COUNT.test(value)) facts[control.name] = Number(value);
      } else facts[control.name] = value === "true" ? true : value === "false" ? false : value;
    }
    return facts;
  }

  // The invitation from the address (#kind=...&fact=value): only a kind, facts and
  // values the form offers are taken; anything else is left as not said, and said.
  fromAddress() {
    const params = new URLSearchParams(location.hash.slice(1));
    const kind = this.kinds.find((input) => input.value === params.get("kind"));
    if (!kind) return;
    kind.checked = true;
    this.showKind();
    let ignored = false;
    const given = new Map([...params].filter(([name]) => name !== "kind"));
    for (const control of this.controls(kind.value)) {
      const value = given.get(control.name) ?? "";
      given.delete(control.name);
      const fits = control instanceof HTMLInputElement ? value === "" || COUNT.test(value)
        : [...control.options].some((option) => option.value === value);
      control.value = fits ? value : "";
      ignored ||= !fits;
    }
    this.ask(ignored || given.size > 0);
  }

  /**
   * @param {boolean} [ignored] some of the address's facts were not understood
   * @param {boolean} [focus] move to the advice once shown (the reader asked for it)
   */
  async ask(ignored = false, focus = false) {
    const asking = ++this.asking;
    const kind = this.kind;
    const facts = this.facts();
    const address = new URLSearchParams({ kind,
      ...Object.fromEntries(Object.entries(facts).map(([k, v]) => [k, String(v)])) });
    history.replaceState(null, "", `#${address}`);
    /** @type {Verdict[] | null} */
    const verdicts = await fromGrader(this.engine, this.status, (id, p) => this.t(id, p),
      () => Promise.all(this.policies.map((policy) => this.engine.send("evaluate",
        { card: { id: "ask", kind, facts }, policy }, ANSWER_TIMEOUT_MS))),
      { starting: "ask.starting", failed: "ask.failed", stale: () => asking !== this.asking });
    if (!verdicts) return;
    const heading = this.show(verdicts, address.toString());
    this.status.textContent = this.t(ignored ? "ask.readWithGaps" : "ask.ready");
    // The reader asked: bring the advice into view, and the focus with it.
    if (focus) {
      heading.scrollIntoView({ block: "start" });
      heading.focus({ preventScroll: true });
    }
  }

  // The advice in the results, under its heading (which it returns).
  /** @param {Verdict[]} verdicts @param {string} address */
  show(verdicts, address) {
    const heading = el("h2", { tabindex: "-1", text: this.t("ask.heading") });
    /** @type {HTMLElement[]} */
    const parts = [heading];
    for (const verdict of verdicts) {
      const name = { policy: this.config.policies[verdict.policy] };
      parts.push(verdictSection(this.advice, verdict, this.t(
        verdict.policy === this.config.policy ? "ask.policyOfCourse" : "ask.policy", name),
      "h3", true));
    }
    const link = el("a", { class: "con-ask-link", href: `#${address}`,
      text: this.t("ask.permalink") });
    // The link is for sharing; followed here, it is this very page: stay on it.
    link.addEventListener("click", (event) => {
      event.preventDefault();
      history.replaceState(null, "", link.href);
    });
    parts.push(el("p", {}, link));
    this.results.replaceChildren(...parts);
    return heading;
  }
}
