// Connect or Not, for the trainer: a quiz set on the projector, built into
// quiz-class.js, which only the trainer's pages load.
//
// The presenter view (.con-present) shows one card at a time, large, without the
// site's header and sidebars. Before the reveal: the story and the choices, each
// with a box for the show of hands. On the reveal: the best answer, its reasons
// with their posts, how each policy answers and the what-if questions, graded live
// by the Python grader. It builds on the card part (its reasons, what-if and
// others sections) and saves nothing to anyone's progress.
import { Card } from "./card.js";
import { Component, el } from "./core.js";
import { setOrder } from "./set.js";

/** @typedef {import("./contract.js").SetConfig} SetConfig */
/** @typedef {import("./core.js").Parts} Parts */

// Nothing is remembered: a card here never restores or keeps an answer.
/** @type {import("./card.js").Memory} */
const NO_MEMORY = Object.freeze({ previous: () => undefined, keep: () => {} });
const TYPING = new Set(["INPUT", "SELECT", "TEXTAREA", "BUTTON"]);

export class Presenter extends Component {
  /** @param {HTMLElement} root @param {Parts} parts */
  constructor(root, parts) {
    super(root, parts);
    this.engine = parts.engine;
    /** @type {SetConfig} */
    this.setConfig = this.data(".con-set-data");
    this.order = setOrder(this.setConfig);
    /** @type {Map<string, Card>} */
    this.cards = new Map([...root.querySelectorAll(".con-card")].map((node) => {
      const card = /** @type {HTMLElement} */ (node);
      return [card.dataset.card || "", new Card(card, parts, { memory: NO_MEMORY })];
    }));
    this.position = this.part(".con-present-position");
    this.leave = this.part(".con-present-leave");
    this.index = 0;
    /** @param {KeyboardEvent} event */
    this.keys = (event) => this.key(event);
  }

  get current() {
    const card = this.cards.get(this.order[this.index]);
    if (!card) throw new Error("the presenter shows no card");
    return card;
  }

  enhance() {
    document.documentElement.classList.add("con-presenting");
    for (const card of this.cards.values()) {
      card.enhance();
      card.part(".con-actions").hidden = true; // no checking here
      for (const choice of card.root.querySelectorAll(".con-choice")) {
        const label = choice.querySelector("label")?.textContent || "";
        const radio = /** @type {HTMLInputElement} */ (choice.querySelector("input[type=radio]"));
        radio.hidden = true;
        choice.append(el("input", { type: "number", min: "0", inputmode: "numeric",
          class: "con-hands", "aria-label": this.t("present.hands", { label }) }));
      }
    }
    /** @param {string} selector @param {() => void} action */
    const on = (selector, action) => this.part(selector).addEventListener("click", action);
    on(".con-present-prev", () => this.go(-1));
    on(".con-present-next", () => this.go(1));
    on(".con-present-reveal", () => this.reveal());
    on(".con-present-full", () => this.fullScreen());
    document.addEventListener("keydown", this.keys);
    this.show();
  }

  /** @param {KeyboardEvent} event */
  key(event) {
    if (!this.root.isConnected) { // instant navigation took the page away
      document.removeEventListener("keydown", this.keys);
      document.documentElement.classList.remove("con-presenting");
      return;
    }
    if (event.altKey || event.ctrlKey || event.metaKey) return;
    const { tagName } = /** @type {Element} */ (event.target);
    if (TYPING.has(tagName)) {
      // Esc leaves a box or a what-if question, and the keys work again.
      if (event.key === "Escape" && tagName !== "BUTTON") {
        event.preventDefault();
        this.current.part(".con-title").focus();
      }
      return;
    }
    /** @type {Record<string, () => void>} */
    const actions = {
      ArrowRight: () => this.go(1), " ": () => this.go(1), ArrowLeft: () => this.go(-1),
      r: () => this.reveal(), R: () => this.reveal(), f: () => this.fullScreen(),
      F: () => this.fullScreen(),
      Escape: () => { if (!document.fullscreenElement) this.leave.click(); },
    };
    const action = actions[event.key];
    if (!action) return;
    event.preventDefault();
    action();
  }

  /** @param {number} step */
  go(step) {
    const next = Math.min(Math.max(this.index + step, 0), this.order.length - 1);
    if (next === this.index) return;
    this.index = next;
    this.show();
  }

  show() {
    for (const [id, card] of this.cards) {
      card.root.hidden = id !== this.order[this.index];
      card.feedback.replaceChildren(); // each card starts unrevealed
      for (const choice of card.root.querySelectorAll(".con-present-best")) {
        choice.classList.remove("con-present-best");
      }
    }
    this.root.dataset.revealed = "";
    this.part(".con-present-reveal").textContent = this.t("present.reveal");
    this.position.textContent = this.t("present.position",
      { index: this.index + 1, count: this.order.length });
    this.current.part(".con-title").focus();
  }

  // The answer, from the key; the what-if questions go to Python when it is ready.
  reveal() {
    const card = this.current;
    const button = this.part(".con-present-reveal");
    if (this.root.dataset.revealed) {
      card.feedback.replaceChildren();
      this.root.dataset.revealed = "";
      button.textContent = this.t("present.reveal");
      return;
    }
    const verdict = card.payload.key[card.policy];
    const reasons = card.grading.key.reasons(verdict.reasons);
    card.feedback.replaceChildren(
      card.heading(1, { class: "con-result", text: this.t("present.best",
        { policy: this.config.policies[card.policy], labels: card.labels(verdict.best) }) }),
      ...card.openNote(verdict),
      card.reasonList(reasons),
      card.others(),
      card.whatIf(this.engine.state === "ready" ? "pyodide" : "key"));
    for (const choice of card.root.querySelectorAll(".con-choice")) {
      const decision = /** @type {HTMLInputElement} */ (choice.querySelector("input[type=radio]")).value;
      choice.classList.toggle("con-present-best", verdict.best.includes(decision));
    }
    this.root.dataset.revealed = "1";
    button.textContent = this.t("present.hide");
  }

  fullScreen() {
    if (document.fullscreenElement) document.exitFullscreen().catch(() => {});
    else document.documentElement.requestFullscreen?.().catch(() => {});
  }
}
