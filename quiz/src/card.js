// Connect or Not quiz engine: one card.
//
// DOM contract: .con-card[data-card][data-level] holds its title (a heading of
// data-level), a form with input[type=radio][value=decision id], a "Check" button,
// a short live region (.con-announce), the feedback box and a .con-data block
// (CardPayload). After grading the card carries data-graded-by="pyodide" or "key",
// its feedback data-result and data-credit, and it announces con:graded, once per
// Check.
//
// Where an answer is remembered is the container's business: a card on its own
// page keeps it in the store's answers; a set hands each card a memory of its own
// (see set.js), so that the two never mix.
import { Advice } from "./advice.js";
import { Component, EVENTS, el } from "./core.js";

/** @typedef {import("./contract.js").CardPayload} CardPayload */
/** @typedef {import("./contract.js").Grade} Grade */
/** @typedef {import("./contract.js").Reason} Reason */
/** @typedef {import("./contract.js").Answer} Answer */
/** @typedef {import("./contract.js").Result} Result */
/** @typedef {import("./core.js").Parts} Parts */
/** @typedef {import("./core.js").GradedDetail} GradedDetail */
/**
 * Where a card keeps its answer.
 * @typedef {Object} Memory
 * @property {() => ({choice: string, result: Result} | undefined)} previous
 * @property {(answer: Answer) => void} keep
 */
/**
 * What a container tells a card beyond the page's parts.
 * @typedef {Object} CardOptions
 * @property {Memory} [memory]
 * @property {string | null} [set] the set the card is answered in
 * @property {() => HTMLElement[]} [nearVerdict] what goes right below the verdict (a
 *   set's "Next card", within reach of the thumb on a phone)
 * @property {() => 1 | 2} [round] the class's vote the set is in
 */

/** @type {Record<Result, string>} */
const RESULT = { best: "result.best", partial: "result.partial", wrong: "result.wrong" };
/** @type {Record<Result, string>} */
const GLYPH = { best: "✓", partial: "◐", wrong: "✗" }; // hidden from screen readers
const SHOWN_WHAT_IFS = 3; // more go behind a "More changes" disclosure

// The decisions a card offers, in its order (a result code and the LMS's suspend
// data write a choice as its place in this list).
/** @param {Element} cardRoot @returns {string[]} */
export function choicesOf(cardRoot) {
  return [...cardRoot.querySelectorAll("input[name=decision]")].map((input) =>
    /** @type {HTMLInputElement} */ (input).value);
}

/** @param {unknown} value */
function isUnsaid(value) {
  return value === null || value === undefined;
}

export class Card extends Component {
  /** @param {HTMLElement} root @param {Parts} parts @param {CardOptions} [options] */
  constructor(root, parts, options = {}) {
    super(root, parts);
    this.store = parts.store;
    this.engine = parts.engine;
    this.grading = parts.grading;
    /** @type {CardPayload} */
    this.payload = this.data(".con-data");
    this.id = this.payload.card.id;
    this.policy = this.config.policy;
    this.advice = new Advice(this.config, this.messages, (decision) => this.label(decision));
    this.set = options.set ?? null;
    this.nearVerdict = options.nearVerdict || (() => []);
    this.round = options.round || (() => 1);
    this.level = Number(root.dataset.level) || 2;
    this.form = /** @type {HTMLFormElement} */ (this.part(".con-form"));
    this.feedback = this.part(".con-feedback");
    this.announcer = this.part(".con-announce");
    this.status = this.part(".con-engine");
    this.download = /** @type {HTMLProgressElement | null} */ (root.querySelector(".con-download"));
    this.busy = false;
    /** @type {Promise<void> | null} the quiet switch from the key to Python, once asked */
    this.upgrade = null;
    /** @type {Memory} */
    this.memory = options.memory || {
      previous: () => {
        const { answers } = this.store.read();
        if (!Object.hasOwn(answers, this.id)) return undefined;
        const previous = this.fromKey(answers[this.id].choice);
        if (!previous) this.store.notice("storage.setAside");
        return previous;
      },
      keep: (answer) => this.store.write((store) => { store.answers[this.id] = answer; }),
    };
  }

  // A choice as this page's answer key grades it: its credit (undefined for a
  // choice the card does not offer, as an edited or an older record may hold).
  /** @param {string} choice @returns {number | undefined} */
  credit(choice) {
    const { credit } = this.payload.key[this.config.policy];
    return typeof choice === "string" && Object.hasOwn(credit, choice) && this.radio(choice)
      ? credit[choice] : undefined;
  }

  /** @param {string} choice @returns {{choice: string, result: Result} | undefined} */
  fromKey(choice) {
    return this.credit(choice) === undefined ? undefined
      : { choice, result: this.payload.key[this.config.policy].results[choice] };
  }

  get title() {
    return this.part(".con-title").textContent || "";
  }

  // The card's own page (each card has one, at quiz/<id>/).
  get url() {
    return this.root.dataset.url || "";
  }

  /** @param {number} offset @param {Record<string, string>} [attributes] */
  heading(offset, attributes = {}) {
    const level = /** @type {"h1"} */ (`h${Math.min(this.level + offset, 6)}`);
    return el(level, attributes);
  }

  enhance() {
    const answer = /** @type {HTMLElement | null} */ (this.root.querySelector(".con-answer"));
    if (answer) answer.hidden = true; // the no-script fallback; feedback replaces it
    /** @param {Event} [event] */
    const showEngine = (event) => {
      if (!this.root.isConnected) { // the page was navigated away from
        this.engine.removeEventListener("state", showEngine);
        this.engine.removeEventListener("progress", showEngine);
        return;
      }
      if (event && event.type === "progress") this.showProgress();
      else this.showEngine();
    };
    this.engine.addEventListener("state", showEngine);
    this.engine.addEventListener("progress", showEngine);
    this.showEngine();
    this.restore(this.memory.previous());
    this.form.addEventListener("submit", (event) => {
      event.preventDefault();
      this.submit();
    });
  }

  // Without scripts (or before they loaded), "Check my answer" reloads the page at
  // ?decision=…#con-answer-<card>: grade that answer now, and tidy the address.
  answerFromAddress() {
    const choice = new URLSearchParams(location.search).get("decision");
    if (!choice || location.hash !== `#con-answer-${this.id}`) return false;
    const radio = this.radio(choice);
    history.replaceState(history.state, "", `${location.pathname}#con-card-${this.id}`);
    if (!radio) return false;
    radio.checked = true;
    this.submit();
    return true;
  }

  /** @returns {HTMLInputElement[]} */
  radios() {
    return [...this.form.querySelectorAll("input[name=decision]")].map((input) =>
      /** @type {HTMLInputElement} */ (input));
  }

  /** @param {string} choice */
  radio(choice) {
    return this.radios().find((input) => input.value === choice);
  }

  picked() {
    return this.radios().find((input) => input.checked);
  }

  // Said in the status line, not announced. While Python starts, nothing is said: the
  // answer key grades at once; the progress shows only once a learner asks a what-if
  // that needs Python (see whatIf).
  showEngine() {
    const { state, error } = this.engine;
    this.root.dataset.engine = state;
    if (this.download && state !== "starting") this.download.hidden = true;
    if (state === "starting") {
      this.status.textContent = "";
      this.showProgress();
    } else if (state === "ready") this.status.textContent = "";
    else if (state === "failed" && error) {
      this.status.textContent = this.t("engine.failed", { problem: this.t(error.problem) });
    }
  }

  showProgress() {
    const { loaded, total } = this.engine.progress;
    if (!this.download || !total) return;
    this.download.max = total;
    this.download.value = Math.min(loaded, total);
    this.download.setAttribute("aria-valuetext", this.t("engine.progress",
      { percent: Math.floor((100 * Math.min(loaded, total)) / total) }));
  }

  // A previous answer, shown again (not graded again) when the card loads.
  /** @param {{choice: string, result: Result} | undefined} previous */
  restore(previous) {
    if (!previous || !previous.choice) return;
    const radio = this.radio(previous.choice);
    if (!radio) return;
    radio.checked = true;
    this.root.dataset.restored = previous.result;
    this.feedback.replaceChildren(el("p", { class: "con-restored", text: this.t("card.restored", {
      label: this.labels([previous.choice]),
      result: this.t(RESULT[previous.result]).toLowerCase() }) }));
  }

  reset() {
    this.feedback.replaceChildren();
    delete this.feedback.dataset.result;
    delete this.feedback.dataset.credit;
    this.announcer.textContent = "";
    delete this.root.dataset.gradedBy;
    delete this.root.dataset.restored;
    for (const radio of this.radios()) radio.checked = false;
  }

  // The button stays enabled (a disabled button would drop the keyboard focus);
  // a second press while checking does nothing.
  async submit() {
    if (this.busy) return;
    const picked = this.picked();
    if (!picked) {
      this.feedback.replaceChildren(el("p", { text: this.t("card.pickFirst") }));
      this.say(this.t("card.pickFirst"));
      this.radios()[0].focus();
      return;
    }
    this.busy = true;
    this.feedback.replaceChildren(el("p", { text: this.t("card.checking") }));
    try {
      await this.check(picked.value);
    } finally {
      this.busy = false;
    }
  }

  // The live region gets one short sentence; the feedback is there to read on.
  /** @param {string} text */
  say(text) {
    this.announcer.textContent = "";
    setTimeout(() => { this.announcer.textContent = text; }, 50);
  }

  /** @param {string} choice */
  async check(choice) {
    const { grade, by } = await this.grading.grade(this.payload, choice, this.policy);
    this.render(grade, by);
    // Focus goes with the verdict (the Check button may now be a screen away), and a
    // screen reader reads its heading there: the verdict is said once, by the focus.
    /** @type {HTMLElement | null} */ (this.feedback.querySelector(".con-result"))
      ?.focus({ preventScroll: true });
    this.memory.keep({ choice, credit: grade.credit, result: grade.result,
      policy: this.policy, at: Date.now() });
    /** @type {GradedDetail} */
    const detail = { card: this.id, set: this.set, title: this.title, url: this.url, choice,
      credit: grade.credit, result: grade.result, policy: this.policy, gradedBy: by,
      best: grade.best, round: this.round() };
    this.emit(EVENTS.graded, detail);
    if (by === "key") this.upgrade = this.upgradeWhenReady(grade);
  }

  /** @param {Grade} grade @param {"pyodide" | "key"} by */
  render(grade, by) {
    const result = this.t(RESULT[grade.result]);
    const points = this.messages.points(grade.credit);
    const heading = this.heading(1, { class: "con-result", tabindex: "-1" });
    heading.append(el("span", { class: "con-glyph", "aria-hidden": "true",
      text: `${GLYPH[grade.result]} ` }), this.t("result.heading", { result, points }));
    /** @type {HTMLElement[]} */
    const parts = [
      heading,
      el("p", { text: this.t("card.best", { policy: this.config.policies[this.policy], labels: this.labels(grade.best) }) }),
      ...this.nearVerdict(),
      ...this.openNote(grade),
      el("p", { text: this.t("card.why") }),
      this.reasonList(grade.reasons),
    ];
    parts.push(...this.debrief(), this.whatIf(by), this.others());
    const note = el("p", { class: "con-graded-note" }, el("span", {
      text: by === "pyodide" ? this.t("card.gradedByPyodide") : [this.t("card.gradedByKey"),
        ...(this.engine.error ? [this.t(this.engine.error.problem)] : [])].join(" "),
    }));
    if (this.root.dataset.scoring) {
      note.append(" ", el("a", { href: this.root.dataset.scoring, text: this.t("card.howScoring") }));
    }
    parts.push(note);
    this.feedback.dataset.result = grade.result;
    this.feedback.dataset.credit = String(grade.credit);
    this.feedback.replaceChildren(...parts);
    this.root.dataset.gradedBy = by;
    // On a small screen the feedback starts below the fold: bring its top up.
    if (heading.getBoundingClientRect().top > window.innerHeight * 0.6) {
      heading.scrollIntoView({ block: "start" });
    }
  }

  // Graded from the key while Python was still on its way: once it is ready, ask it
  // too, quietly (no announcement, no second con:graded, focus stays), so that the
  // what-if questions can go to Python. Both grade with the same model, so a grade
  // that differs is a defect of the build, reported, and the key's answer stands.
  /** @param {Grade} keyGrade */
  async upgradeWhenReady(keyGrade) {
    const { choice } = keyGrade;
    if (!(await this.engine.ready())) return;
    const picked = this.picked();
    if (!picked || picked.value !== choice || this.root.dataset.gradedBy !== "key") return;
    let grade;
    try {
      grade = await this.grading.pyodide.grade(this.payload, choice, this.policy);
    } catch {
      return; // the key's answer stands
    }
    if (grade.credit !== keyGrade.credit || grade.result !== keyGrade.result ||
        grade.best.join(" ") !== keyGrade.best.join(" ")) {
      console.error("Connect or Not: Python and the answer key grade this differently: " +
        "rebuild the site.", { card: this.id, python: grade, key: keyGrade });
      this.root.dataset.gradeMismatch = grade.result;
      return;
    }
    // The what-if stays as the learner left it (its questions go to Python from now
    // on: Grading asks it first); a change already chosen is asked again, so that a
    // combination that waited for Python gets its answer, with its reasons.
    const whatIf = /** @type {HTMLElement | null} */ (this.feedback.querySelector(".con-whatif"));
    if (whatIf) {
      whatIf.dataset.by = "pyodide";
      const chosen = [...whatIf.querySelectorAll("select")].find((s) =>
        /** @type {HTMLSelectElement} */ (s).value !== "");
      chosen?.dispatchEvent(new CustomEvent("change"));
    }
    const note = this.feedback.querySelector(".con-graded-note span");
    if (note) note.textContent = this.t("card.gradedByPyodide");
    this.root.dataset.gradedBy = "pyodide";
  }

  // The trainer's debrief, if the card has one.
  /** @returns {HTMLElement[]} */
  debrief() {
    if (!this.payload.debrief) return [];
    const debrief = el("div", { class: "con-debrief" });
    debrief.innerHTML = this.payload.debrief; // sanitised at build time (nh3)
    return [debrief];
  }

  // A decision as this card words it (its own choice labels, else the vocabulary's).
  /** @param {string} decision */
  label(decision) {
    return this.payload.labels[decision] ?? this.config.labels[decision];
  }

  // The verdict's words (advice.js), with this card's labels.
  /** @param {string[]} decisions */
  labels(decisions) {
    return this.advice.labels(decisions);
  }

  /** @param {{split: string[], unknown: string[]}} verdict */
  openNote(verdict) {
    return this.advice.openNote(verdict);
  }

  /** @param {string[]} facts */
  factList(facts) {
    return this.advice.factList(facts);
  }

  /** @param {Reason[]} reasons */
  reasonList(reasons) {
    return this.advice.reasonList(reasons);
  }

  /** @param {string} fact @param {unknown} value */
  valueLabel(fact, value) {
    return this.advice.valueLabel(fact, value);
  }


  // "What if…": one control per fact whose change would flip the answer, the first
  // few shown and the rest behind a disclosure.
  /** @param {"pyodide" | "key"} by */
  whatIf(by) {
    const verdict = this.payload.key[this.policy];
    const section = el("section", { class: "con-whatif" }, this.heading(2, {
      text: this.t("whatif.title") }));
    section.dataset.by = by;
    if (!verdict.flips.length) {
      section.append(el("p", { text: this.t("whatif.none") }));
      return section;
    }
    // Facts the story states come first: changing them is what a learner asks about.
    /** @param {import("./contract.js").Flip} flip */
    const stated = (flip) => (isUnsaid(flip.from) ? 1 : 0);
    /** @type {Map<string, import("./contract.js").Flip[]>} */
    const byFact = new Map();
    for (const flip of [...verdict.flips].sort((a, b) => stated(a) - stated(b))) {
      if (!byFact.has(flip.fact)) byFact.set(flip.fact, []);
      byFact.get(flip.fact)?.push(flip);
    }
    section.append(el("p", { text: this.t("whatif.intro") }));
    const said = el("p", { class: "con-whatif-result", role: "status" });
    const reasons = el("div", { class: "con-whatif-reasons" });
    /** @type {HTMLSelectElement[]} */
    const selects = [];
    /** @type {HTMLDetailsElement | null} */
    let more = null;
    for (const [fact, flips] of byFact) {
      const id = `con-${this.id}-whatif-${fact}`;
      const select = el("select", { id, "data-fact": fact });
      select.append(el("option", { value: "",
        text: this.t("whatif.asInStory", { value: this.valueLabel(fact, flips[0].from) }) }));
      for (const flip of flips) {
        select.append(el("option", { value: JSON.stringify(flip.to),
          text: this.valueLabel(fact, flip.to) }));
      }
      const row = el("div", { class: "con-whatif-row" },
        el("label", { for: id, text: this.config.facts[fact].label }), select);
      if (selects.length < SHOWN_WHAT_IFS) section.append(row);
      else {
        if (!more) {
          more = el("details", { class: "con-whatif-more" }, el("summary", {
            text: this.t("whatif.more", { count: byFact.size - SHOWN_WHAT_IFS }) }));
          section.append(more);
        }
        more.append(row);
      }
      selects.push(select);
    }
    section.append(said, reasons);
    const update = async () => {
      const changed = selects.filter((s) => s.value !== "");
      reasons.replaceChildren();
      if (!changed.length) {
        said.textContent = "";
        delete section.dataset.best;
        return;
      }
      const facts = { ...this.payload.card.facts };
      const names = changed.map((s) => s.dataset.fact || "");
      changed.forEach((s, i) => { facts[names[i]] = JSON.parse(s.value); });
      const answer = await this.grading.evaluate(this.payload, facts, this.policy, names);
      if (!answer) {
        // One short line, and the progress, only now that a learner waits for Python.
        const starting = this.engine.state === "starting";
        said.textContent = this.t(starting ? "whatif.wait" : "whatif.combine");
        if (this.download) this.download.hidden = !starting;
        return;
      }
      said.textContent = this.t("whatif.then", { labels: this.labels(answer.best) });
      if (answer.reasons.length) reasons.append(this.reasonList(answer.reasons));
      section.dataset.best = answer.best.join(" ");
    };
    for (const s of selects) s.addEventListener("change", update);
    return section;
  }

  // "How the others see it": the other policies' verdicts, from the answer key.
  others() {
    const section = el("section", { class: "con-others" },
      this.heading(2, { text: this.t("others.title") }));
    const list = el("ul");
    for (const [policy, verdict] of Object.entries(this.payload.key)) {
      if (policy === this.policy) continue;
      const says = this.config.rules[verdict.reasons[0].rule].says;
      const item = el("li", { "data-policy": policy });
      item.append(el("strong", { text: this.t("others.policy",
        { policy: this.config.policies[policy] }) }),
      this.t("others.verdict", { labels: this.labels(verdict.best), says }));
      list.append(item);
    }
    section.append(list);
    return section;
  }
}
