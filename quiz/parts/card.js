// Connect or Not quiz engine, part 4 of 7: one card.
//
// DOM contract: .con-card[data-card] holds a form with input[type=radio][value=
// decision id], a "Check" button, and a .con-data block (CardPayload). After
// grading the card carries data-graded-by="pyodide" or "key", its feedback
// data-result and data-credit, and it announces con:graded.
(() => {
"use strict";

const CON = globalThis.ConnectOrNot;
const { el, emit, EVENTS } = CON;

const RESULT = { best: "result.best", partial: "result.partial", wrong: "result.wrong" };

function megabytes(bytes) {
  return (bytes / 1e6).toFixed(1);
}

class Card {
  /**
   * @param {HTMLElement} root
   * @param {{config: PageConfig, messages: Messages, store: Store, grading: Grading,
   *          engine: Engine}} parts
   */
  constructor(root, parts) {
    this.root = root;
    Object.assign(this, parts);
    /** @type {CardPayload} */
    this.payload = JSON.parse(root.querySelector(".con-data").textContent);
    this.id = this.payload.card.id;
    this.policy = this.config.policy;
    this.form = root.querySelector(".con-form");
    this.feedback = root.querySelector(".con-feedback");
    this.status = root.querySelector(".con-engine");
    this.download = root.querySelector(".con-download");
  }

  t(id, params) {
    return this.messages.t(id, params);
  }

  enhance() {
    const answer = this.root.querySelector(".con-answer");
    if (answer) answer.hidden = true; // the no-script fallback; feedback replaces it
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
    this.restore(this.store.read().answers[this.id]);
    this.form.addEventListener("submit", (event) => {
      event.preventDefault();
      this.submit();
    });
  }

  // Said once, in the live status line; the progress bar is silent.
  showEngine() {
    const { state, error } = this.engine;
    this.root.dataset.engine = state;
    if (this.download) this.download.hidden = state !== "starting";
    if (state === "starting") {
      const total = this.engine.progress.total || this.config.runtime.lean.bytes;
      this.status.textContent = this.t("engine.starting", { size: megabytes(total) });
      this.showProgress();
    } else if (state === "ready") this.status.textContent = "";
    else if (state === "failed") {
      this.status.textContent = this.t("engine.failed", { problem: this.t(error.problem) });
    }
  }

  showProgress() {
    const { loaded, total } = this.engine.progress;
    if (!this.download || !total) return;
    this.download.max = total;
    this.download.value = Math.min(loaded, total);
    this.download.setAttribute("aria-valuetext", this.t("engine.progress",
      { loaded: megabytes(loaded), total: megabytes(total) }));
  }

  // A previous answer, shown again (not graded again) when the card loads.
  restore(previous) {
    if (!previous) return;
    const radio = this.form.querySelector(`input[value="${CSS.escape(previous.choice)}"]`);
    if (radio) radio.checked = true;
    this.root.dataset.restored = previous.result;
    this.feedback.replaceChildren(el("p", { class: "con-restored", text: this.t("card.restored", {
      label: this.messages.either([this.config.labels[previous.choice]]),
      result: this.t(RESULT[previous.result]) }) }));
  }

  reset() {
    this.feedback.replaceChildren();
    for (const radio of this.root.querySelectorAll("input[name=decision]")) radio.checked = false;
  }

  async submit() {
    const picked = this.form.querySelector("input[name=decision]:checked");
    if (!picked) {
      this.feedback.replaceChildren(el("p", { text: this.t("card.pickFirst") }));
      this.form.querySelector("input[name=decision]").focus();
      return;
    }
    const button = this.form.querySelector(".con-check");
    button.disabled = true;
    this.feedback.replaceChildren(el("p", { text: this.t("card.checking") }));
    try {
      await this.check(picked.value);
    } finally {
      button.disabled = false;
    }
  }

  async check(choice) {
    const { grade, by } = await this.grading.grade(this.payload, choice, this.policy);
    await this.render(grade, by);
    if (by === "key") this.upgradeWhenReady(choice);
    this.store.write((store) => {
      store.answers[this.id] = { choice, credit: grade.credit, result: grade.result,
        policy: this.policy, at: Date.now() };
    });
    emit(this.root, EVENTS.graded, { card: this.id, choice, credit: grade.credit,
      result: grade.result, policy: this.policy, gradedBy: by, best: grade.best });
  }

  /** @param {Grade} grade */
  async render(grade, by) {
    const heading = el("p", { class: "con-result", tabindex: "-1" });
    heading.append(el("strong", {
      text: grade.result === "partial"
        ? this.t("result.partialCredit",
          { result: this.t(RESULT.partial), percent: Math.round(grade.credit * 100) })
        : this.t(RESULT[grade.result]),
    }));
    const parts = [
      heading,
      el("p", { text: this.t("card.best", { policy: this.policy, labels: this.labels(grade.best) }) }),
      el("p", { text: this.t("card.why") }),
      this.reasonList(grade.reasons),
    ];
    if (this.payload.debrief) {
      const debrief = el("div", { class: "con-debrief" });
      debrief.innerHTML = this.payload.debrief; // sanitised at build time (nh3)
      parts.push(debrief);
    }
    parts.push(this.whatIf(by), this.others());
    parts.push(el("p", {
      class: "con-graded-note",
      text: by === "pyodide" ? this.t("card.gradedByPyodide") : this.t("card.gradedByKey", {
        reason: this.engine.error ? this.t(this.engine.error.problem) : this.t("card.notReadyInTime"),
      }),
    }));
    this.feedback.dataset.result = grade.result;
    this.feedback.dataset.credit = String(grade.credit);
    this.feedback.replaceChildren(...parts);
    this.root.dataset.gradedBy = by;
    heading.focus();
  }

  // Graded from the key while Python was still on its way: once it is ready,
  // grade again with it, quietly (no new announcement, focus stays), so that the
  // what-if questions can go to Python too.
  async upgradeWhenReady(choice) {
    if (!(await this.engine.ready())) return;
    const picked = this.form.querySelector("input[name=decision]:checked");
    if (!picked || picked.value !== choice || this.root.dataset.gradedBy !== "key") return;
    let grade;
    try {
      grade = await this.grading.pyodide.grade(this.payload, choice, this.policy);
    } catch {
      return; // the key's answer stands
    }
    this.feedback.setAttribute("aria-live", "off");
    this.feedback.querySelector(".con-whatif").replaceWith(this.whatIf("pyodide"));
    this.feedback.querySelector(".con-graded-note").textContent = this.t("card.gradedByPyodide");
    this.feedback.dataset.credit = String(grade.credit);
    this.root.dataset.gradedBy = "pyodide";
    setTimeout(() => this.feedback.setAttribute("aria-live", "polite"), 0);
    emit(this.root, EVENTS.graded, { card: this.id, choice, credit: grade.credit,
      result: grade.result, policy: this.policy, gradedBy: "pyodide", best: grade.best });
  }

  labels(decisions) {
    return this.messages.either(decisions.map((d) => this.config.labels[d]));
  }

  /** @param {Reason[]} reasons */
  reasonList(reasons) {
    const list = el("ul", { class: "con-reasons" });
    for (const reason of reasons) {
      // The page's own words for a rule where it has them (with a link to the guide).
      const text = this.config.rules[reason.rule];
      const item = el("li", { "data-rule": reason.rule, text: `${(text || reason).says} ` });
      item.append(el("cite", { text: `(${this.config.sources[reason.source]})` }));
      if (text) item.append(" ", el("a", { href: text.guide, text: this.t("card.readGuide") }));
      list.append(item);
    }
    return list;
  }

  // "What if…": one control per fact whose change would flip the answer.
  whatIf(by) {
    const verdict = this.payload.key[this.policy];
    const section = el("section", { class: "con-whatif" });
    section.dataset.by = by;
    if (!verdict.flips.length) return section;
    section.append(el("h3", { text: this.t("whatif.title") }));
    const byFact = new Map();
    for (const flip of verdict.flips) {
      if (!byFact.has(flip.fact)) byFact.set(flip.fact, []);
      byFact.get(flip.fact).push(flip);
    }
    const result = el("div", { class: "con-whatif-result", role: "status" });
    const selects = [];
    const show = (value) => (value === null || value === undefined
      ? this.t("whatif.unknown") : String(value));
    for (const [fact, flips] of byFact) {
      const id = `con-${this.id}-whatif-${fact}`;
      const select = el("select", { id, "data-fact": fact });
      select.append(el("option", { value: "",
        text: this.t("whatif.asInStory", { value: show(flips[0].from) }) }));
      for (const flip of flips) {
        select.append(el("option", { value: JSON.stringify(flip.to), text: show(flip.to) }));
      }
      const label = this.t("whatif.label",
        { fact: fact.replaceAll("_", " "), meaning: this.config.facts[fact] });
      section.append(el("div", { class: "con-whatif-row" }, el("label", { for: id, text: label }),
        select));
      selects.push(select);
    }
    section.append(result);
    const update = async () => {
      const changed = selects.filter((s) => s.value !== "");
      if (!changed.length) {
        result.textContent = "";
        return;
      }
      const facts = { ...this.payload.card.facts };
      for (const s of changed) facts[s.dataset.fact] = JSON.parse(s.value);
      const answer = await this.grading.evaluate(this.payload, facts, this.policy,
        changed.map((s) => s.dataset.fact));
      if (!answer) {
        result.textContent = this.t("whatif.combine");
        return;
      }
      result.replaceChildren(el("p", { text: this.t("whatif.then",
        { labels: this.labels(answer.best) }) }));
      if (answer.reasons.length) result.append(this.reasonList(answer.reasons));
      section.dataset.best = answer.best.join(" ");
    };
    for (const s of selects) s.addEventListener("change", update);
    return section;
  }

  // "How the others see it": the other policies' verdicts, from the answer key.
  others() {
    const section = el("section", { class: "con-others" },
      el("h3", { text: this.t("others.title") }));
    const list = el("ul");
    for (const [policy, verdict] of Object.entries(this.payload.key)) {
      if (policy === this.policy) continue;
      const says = this.config.rules[verdict.reasons[0]].says;
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

CON.Card = Card;
})();
