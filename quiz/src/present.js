// Connect or Not, for the trainer: a quiz set on the projector, built into
// quiz-class.js, which only the trainer's pages load.
//
// The presenter view (.con-present) shows one card at a time, large, without the
// site's header and sidebars: the story beside the choices, so that a card fits a
// 1280 x 720 projector. Before the reveal: the story and the choices, each with a
// box for the show of hands and a bar of its share. On the reveal, in the story's
// place: the best answer, its reasons with their posts, the debrief, how each
// policy answers and the what-if questions, graded live by the Python grader; the
// best choice is marked in colour, by a mark and in words; the boxes of both rounds
// stay beside each choice, under their columns' names. It builds on the card
// part (its reasons, debrief, what-if and others sections) and saves nothing to
// anyone's progress. Its keys work whatever has focus, but in a box being typed in.
import { Card } from "./card.js";
import { Component, EVENTS, el } from "./core.js";
import { setOrder } from "./set.js";

/** @typedef {import("./contract.js").SetConfig} SetConfig */
/** @typedef {import("./core.js").Parts} Parts */
/** @typedef {import("./core.js").VotesDetail} VotesDetail */

// Nothing is remembered: a card here never restores or keeps an answer.
/** @type {import("./card.js").Memory} */
const NO_MEMORY = Object.freeze({ previous: () => undefined, keep: () => {} });
// Where keys are the learner's typing (a count, a what-if question), not commands.
const TYPING = new Set(["INPUT", "SELECT", "TEXTAREA"]);

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
    this.blankScreen = el("div", { class: "con-present-blank", hidden: "" });
    /** @param {KeyboardEvent} event */
    this.keys = (event) => this.key(event);
    // The room's votes from phones (con:votes, from the LRS), by card and round.
    /** @type {Map<string, Record<string, number>>} */
    this.votes = new Map();
    /** @param {Event} event */
    this.heard = (event) => this.vote(/** @type {CustomEvent<VotesDetail>} */ (event).detail);
    /** @type {HTMLElement | null} */
    this.joinPanel = null;
    /** @type {Element | null} */
    this.joinButton = null;
  }

  get current() {
    const card = this.cards.get(this.order[this.index]);
    if (!card) throw new Error("the presenter shows no card");
    return card;
  }

  enhance() {
    document.documentElement.classList.add("con-presenting");
    // The page's own heading stays for screen readers; the room sees the card's.
    document.querySelector(".md-content__inner > h1")?.classList.add("con-visually-hidden");
    for (const card of this.cards.values()) {
      card.enhance();
      card.part(".con-actions").hidden = true; // no checking here
      for (const choice of card.root.querySelectorAll(".con-choice")) {
        const label = choice.querySelector("label")?.textContent || "";
        const radio = /** @type {HTMLInputElement} */ (choice.querySelector("input[type=radio]"));
        radio.hidden = true;
        choice.append(this.hands(label, 1, radio.value));
      }
      card.form.addEventListener("input", () => this.bars(card));
    }
    this.root.append(this.blankScreen);
    /** @param {string} selector @param {() => void} action */
    const on = (selector, action) => this.part(selector).addEventListener("click", action);
    on(".con-present-prev", () => this.go(-1));
    on(".con-present-next", () => this.go(1));
    on(".con-present-reveal", () => this.reveal());
    on(".con-present-full", () => this.fullScreen());
    on(".con-present-blank-button", () => this.blank());
    on(".con-present-scheme", () => this.scheme());
    on(".con-present-round2", () => this.secondRound());
    this.joinPanel = /** @type {HTMLElement | null} */ (this.root.querySelector(".con-present-join"));
    this.joinButton = this.root.querySelector(".con-present-join-button");
    this.joinButton?.addEventListener("click", () => this.join());
    document.addEventListener("keydown", this.keys);
    document.addEventListener(EVENTS.votes, this.heard);
    this.show();
  }

  /** @param {KeyboardEvent} event */
  key(event) {
    if (!this.root.isConnected) { // instant navigation took the page away
      document.removeEventListener("keydown", this.keys);
      document.removeEventListener(EVENTS.votes, this.heard);
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
    // (A presenter remote sends PageDown and PageUp.)
    /** @type {Record<string, () => void>} */
    const actions = {
      ArrowRight: () => this.go(1), " ": () => this.go(1), PageDown: () => this.go(1),
      ArrowLeft: () => this.go(-1), PageUp: () => this.go(-1),
      r: () => this.reveal(), R: () => this.reveal(), f: () => this.fullScreen(),
      F: () => this.fullScreen(), b: () => this.blank(), B: () => this.blank(),
      2: () => this.secondRound(), j: () => this.join(), J: () => this.join(),
      Escape: () => { if (!document.fullscreenElement) this.leave.click(); },
    };
    const action = actions[event.key];
    if (!action) return;
    event.preventDefault();
    action();
  }

  // The room's votes from phones fill a round's boxes, as the trainer would by hand.
  /** @param {VotesDetail} detail */
  vote(detail) {
    if (detail.set !== this.setConfig.id) return;
    this.votes.set(`${detail.card}:${detail.round}`, detail.counts);
    const card = this.cards.get(detail.card);
    if (card) this.fill(card);
  }

  /** @param {Card} card */
  fill(card) {
    for (const round of ["1", "2"]) {
      const counts = this.votes.get(`${card.id}:${round}`);
      if (!counts) continue;
      for (const box of card.root.querySelectorAll(`.con-hands[data-round="${round}"]`)) {
        const input = /** @type {HTMLInputElement} */ (box);
        input.value = String(counts[input.dataset.decision || ""] || 0);
      }
      card.root.dataset.votes = "live";
    }
    this.bars(card);
  }

  // The show of hands, as bars: each choice's share of the hands counted on the card.
  /** @param {Card} card */
  bars(card) {
    for (const round of ["1", "2"]) {
      const boxes = [...card.root.querySelectorAll(`.con-hands[data-round="${round}"]`)].map(
        (box) => /** @type {HTMLInputElement} */ (box));
      const counts = boxes.map((box) => Math.max(0, Number(box.value) || 0));
      const total = counts.reduce((sum, count) => sum + count, 0);
      boxes.forEach((box, i) => {
        const bar = /** @type {HTMLElement} */ (box.nextElementSibling?.firstElementChild);
        bar.style.width = total ? `${(100 * counts[i]) / total}%` : "0"; // CSSOM: allowed by the CSP
      });
    }
  }

  // A choice's box for a round's show of hands, and the bar of its share.
  /** @param {string} label @param {1 | 2} round @param {string} decision */
  hands(label, round, decision) {
    return el("span", { class: "con-hands-round", "data-round": String(round) },
      el("input", { type: "number", min: "0", inputmode: "numeric", class: "con-hands",
        "data-round": String(round), "data-decision": decision,
        "aria-label": this.t(round === 2 ? "present.hands2"
          : "present.hands", { label }) }),
      el("span", { class: "con-hands-track", "aria-hidden": "true", "data-round": String(round) },
        el("span", { class: "con-hands-bar" })));
  }

  // Peer instruction: after the first show of hands, the room talks it over with a
  // neighbour, then votes again; each choice gets a second box, and the reveal
  // shows both rounds side by side.
  secondRound() {
    const card = this.current;
    if (card.root.dataset.round === "2") return;
    card.root.dataset.round = "2";
    // The two columns of boxes named once, above them (the boxes' own names say it to
    // a screen reader): no line per choice to push the last one off a 720p screen.
    card.root.querySelector(".con-choice")?.before(el("div", { class: "con-present-round-heads",
      "aria-hidden": "true" }, el("span"), el("span", { text: this.t("present.round1Head") }),
    el("span", { text: this.t("present.round2Head") })));
    for (const choice of card.root.querySelectorAll(".con-choice")) {
      const label = choice.querySelector("label")?.textContent || "";
      const radio = /** @type {HTMLInputElement} */ (choice.querySelector("input[type=radio]"));
      choice.append(this.hands(label, 2, radio.value));
    }
    this.fill(card);
    this.part(".con-present-discuss").textContent = this.t("present.discuss");
  }

  // The set's QR code and address, large, over the card, for phones to join (J again,
  // or any step, brings the card back).
  /** @param {boolean} [show] */
  join(show) {
    if (!this.joinPanel || !this.joinButton) return;
    const open = show ?? this.joinPanel.hidden;
    this.joinPanel.hidden = !open;
    this.joinButton.setAttribute("aria-expanded", String(open));
  }

  // A black screen while the room talks (B again, or any step, brings the card back).
  blank() {
    this.blankScreen.hidden = !this.blankScreen.hidden;
    this.root.dataset.blank = this.blankScreen.hidden ? "" : "1";
  }

  // Light or dark, as the site's own palette switch does it (and remembers it).
  scheme() {
    const inputs = [...document.querySelectorAll("[data-md-component=palette] input")].map(
      (input) => /** @type {HTMLInputElement} */ (input));
    const scheme = document.body.dataset.mdColorScheme;
    const now = inputs.findIndex((input) => input.dataset.mdColorScheme === scheme);
    inputs[(now + 1) % inputs.length]?.click();
  }

  /** @param {number} step */
  go(step) {
    if (!this.blankScreen.hidden) this.blank();
    this.join(false);
    const next = Math.min(Math.max(this.index + step, 0), this.order.length - 1);
    if (next === this.index) return;
    this.index = next;
    this.show();
  }

  show() {
    for (const [id, card] of this.cards) {
      card.root.hidden = id !== this.order[this.index];
      this.unmark(card); // each card starts unrevealed
    }
    this.root.dataset.revealed = "";
    this.part(".con-present-reveal").textContent = this.t("present.reveal");
    this.position.textContent = this.t("present.position",
      { index: this.index + 1, count: this.order.length });
    this.part(".con-present-discuss").textContent =
      this.current.root.dataset.round === "2" ? this.t("present.discuss") : "";
    this.current.part(".con-title").focus();
  }

  // The answer, from the key; the what-if questions go to Python when it is ready.
  reveal() {
    const card = this.current;
    const button = this.part(".con-present-reveal");
    if (this.root.dataset.revealed) {
      this.unmark(card);
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
      ...card.debrief(),
      card.others(),
      card.whatIf(this.engine.state === "ready" ? "pyodide" : "key"));
    for (const choice of card.root.querySelectorAll(".con-choice")) {
      const decision = /** @type {HTMLInputElement} */ (choice.querySelector("input[type=radio]")).value;
      const best = verdict.best.includes(decision);
      choice.classList.toggle("con-present-best", best);
      if (best) {
        choice.prepend(el("span", { class: "con-present-mark",
          text: `✓ ${this.t("present.bestMark")}` }));
      }
    }
    this.root.dataset.revealed = "1";
    button.textContent = this.t("present.hide");
    card.feedback.scrollTop = 0;
  }

  /** @param {Card} card */
  unmark(card) {
    card.feedback.replaceChildren();
    for (const choice of card.root.querySelectorAll(".con-present-best")) {
      choice.classList.remove("con-present-best");
    }
    for (const mark of card.root.querySelectorAll(".con-present-mark")) {
      mark.remove();
    }
  }

  fullScreen() {
    if (document.fullscreenElement) document.exitFullscreen().catch(() => {});
    else document.documentElement.requestFullscreen?.().catch(() => {});
  }
}
