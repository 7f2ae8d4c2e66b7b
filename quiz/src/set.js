// Connect or Not quiz engine: a quiz set (SetConfig), built on cards.
//
// The set announces itself (con:set-opened, with what its listeners need: SetInfo),
// shows one card at a time, listens for its cards' con:graded, keeps its attempt in
// the store (SetProgress: place, points and choices), and at the end shows a
// summary, card by card, and announces con:set-complete.
import { Card, choicesOf } from "./card.js";
import { Component, EVENTS, el } from "./core.js";
import { LEARNER_TAG, newTag } from "./store.js";

/** @typedef {import("./contract.js").SetConfig} SetConfig */
/** @typedef {import("./contract.js").SetProgress} SetProgress */
/** @typedef {import("./contract.js").StoreData} StoreData */
/** @typedef {import("./core.js").Parts} Parts */
/** @typedef {import("./core.js").SetInfo} SetInfo */

// A small deterministic shuffle (mulberry32), so a class shares one order.
/** @param {string[]} ids @param {number} seed */
export function seededOrder(ids, seed) {
  let state = seed >>> 0;
  const random = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const order = [...ids];
  for (let i = order.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [order[i], order[j]] = [order[j], order[i]];
  }
  return order;
}

/** @param {Pick<SetConfig, "cards" | "shuffle" | "seed">} config */
export function setOrder(config) {
  return config.shuffle ? seededOrder(config.cards, config.seed) : config.cards;
}

// What of an attempt the page shows: where it is, and the answers given.
/** @param {SetProgress} state */
function signature(state) {
  return JSON.stringify([state.index, state.round || 1, state.choices]);
}

export class QuizSet extends Component {
  /** @param {HTMLElement} root @param {Parts} parts */
  constructor(root, parts) {
    super(root, parts);
    this.store = parts.store;
    /** @type {SetConfig} */
    this.setConfig = this.data(".con-set-data");
    this.id = this.setConfig.id;
    this.tag = ""; // a new learner's tag, until the store keeps it
    this.known = ""; // the attempt as this page last showed or wrote it (signature)
    this.order = setOrder(this.setConfig);
    // Each card remembers its answer in this set's attempt, not with the card's
    // own page: a retry starts clean, and the two never mix.
    /** @type {Map<string, Card>} */
    this.cards = new Map([...root.querySelectorAll(".con-card")].map((node) => {
      const card = /** @type {HTMLElement} */ (node);
      const id = card.dataset.card || "";
      return [id, new Card(card, parts, { memory: this.memoryFor(id), set: this.id,
        nearVerdict: () => [this.nextHolder], round: () => (this.progress().round === 2 ? 2 : 1) })];
    }));
    this.position = this.part(".con-set-position");
    this.next = this.part(".con-set-next");
    // "Next card" moves up to right below a verdict (after the feedback it can be
    // screens away on a phone), and back below the cards when the set moves on.
    this.nextHolder = /** @type {HTMLElement} */ (this.next.parentElement);
    this.summary = this.part(".con-set-summary");
  }

  /** @returns {SetInfo} what the set's listeners need, in its configured order */
  get info() {
    const policy = this.config.policy;
    return { id: this.id, code: this.setConfig.code, mastery: this.setConfig.mastery, policy,
      cards: this.setConfig.cards.map((id) => {
        const card = /** @type {Card} */ (this.cards.get(id));
        return { id, title: card.title, choices: choicesOf(card.root),
          credit: card.payload.key[policy].credit };
      }) };
  }

  /** @param {string} id */
  card(id) {
    const card = this.cards.get(id);
    if (!card) throw new Error(`the set has no card ${id}`);
    return card;
  }

  // The attempt, whatever was stored (or imported): its points are worked out again
  // from the recorded choices and this page's answer key, never taken as stored. A
  // choice that no longer fits its card (the course changed, the data was edited) is
  // set aside, and the learner told.
  /** @returns {SetProgress} */
  progress(store = this.store.read()) {
    const state = Object.hasOwn(store.sets, this.id) ? store.sets[this.id] : undefined;
    const index = state && Number.isInteger(state.index) ? state.index : 0;
    // The learner's tag stays with the set over retries and rounds: the tally counts
    // learners by it. A new one is kept with the attempt's first answer.
    const learner = state && typeof state.learner === "string" && LEARNER_TAG.test(state.learner)
      ? state.learner : (this.tag = this.tag || newTag());
    /** @type {SetProgress} */
    const progress = { index: Math.min(Math.max(index, 0), this.order.length), results: {},
      choices: {}, ...(state && state.round === 2 ? { round: 2 } : {}), learner };
    const stored = { ...(state && state.choices) };
    let setAside = Object.keys({ ...(state && state.results) })
      .some((id) => !Object.hasOwn(stored, id));
    for (const [id, choice] of Object.entries(stored)) {
      const credit = this.cards.has(id) ? this.card(id).credit(choice) : undefined;
      if (credit === undefined) {
        setAside = true;
        continue;
      }
      progress.choices[id] = choice;
      progress.results[id] = credit;
    }
    if (setAside) this.store.notice("storage.setAside");
    return progress;
  }

  /** @param {(state: SetProgress) => void} change */
  updateProgress(change) {
    this.store.write((store) => {
      const state = this.progress(store);
      change(state);
      store.sets[this.id] = state;
      this.known = signature(state); // before the store tells anyone: it is ours
    });
  }

  // The store changed, and not by this set (an import on this page, another tab):
  // show the attempt it now holds, each card with its answer.
  refresh() {
    const state = this.progress();
    if (signature(state) === this.known) return;
    this.known = signature(state);
    for (const card of this.cards.values()) {
      card.reset();
      card.restore(card.memory.previous());
    }
    this.show(false);
  }

  /** @param {string} id @returns {import("./card.js").Memory} */
  memoryFor(id) {
    return {
      previous: () => {
        const { choices } = this.progress();
        return Object.hasOwn(choices, id) ? this.card(id).fromKey(choices[id]) : undefined;
      },
      keep: (answer) => this.updateProgress((state) => {
        state.results[id] = answer.credit;
        state.choices[id] = answer.choice;
      }),
    };
  }

  enhance() {
    this.emit(EVENTS.setOpened, { set: this.info });
    this.known = signature(this.progress());
    const stored = () => {
      if (!this.root.isConnected) document.removeEventListener(EVENTS.stored, stored);
      else this.refresh();
    };
    document.addEventListener(EVENTS.stored, stored);
    for (const card of this.cards.values()) card.enhance();
    this.root.addEventListener(EVENTS.graded, () => { this.next.hidden = false; });
    this.next.addEventListener("click", () => this.advance());
    this.show(false);
    const current = this.current();
    if (current) current.answerFromAddress();
  }

  // The set from its first card again, as a fresh attempt (of the class's second
  // round of votes, or not).
  /** @param {1 | 2} [round] */
  restart(round = 1) {
    this.store.write((store) => {
      const { learner } = this.progress(store);
      store.sets[this.id] = { index: 0, results: {}, choices: {}, ...(round === 2 ? { round } : {}),
        learner };
      this.known = signature(store.sets[this.id]);
    });
    for (const card of this.cards.values()) card.reset();
    this.show(true);
  }

  // On to the next card, or to the summary after the last.
  advance() {
    this.updateProgress((state) => { state.index = Math.min(state.index + 1, this.order.length); });
    const state = this.progress();
    this.show(true);
    if (state.index >= this.order.length) {
      this.emit(EVENTS.setComplete, { set: this.info, results: { ...state.results },
        score: this.score(state), max: this.order.length });
    }
  }

  /** @param {SetProgress} [state] @returns {Card | undefined} */
  current(state = this.progress()) {
    return this.cards.get(this.order[state.index]);
  }

  // Points, as the learner scored them: partial credit counts as its share.
  /** @param {SetProgress} state */
  score(state) {
    return this.order.reduce((sum, id) => sum + (state.results[id] || 0), 0);
  }

  /** @param {boolean} focus */
  show(focus) {
    const state = this.progress();
    const count = this.order.length;
    const done = state.index >= count;
    for (const [id, card] of this.cards) card.root.hidden = done || id !== this.order[state.index];
    this.summary.before(this.nextHolder);
    this.next.hidden = true;
    this.summary.hidden = !done;
    if (done) {
      this.position.textContent = this.t("set.finished", { count });
      this.renderSummary(state);
      if (focus) /** @type {HTMLElement} */ (this.summary.querySelector(".con-set-results")).focus();
    } else {
      this.position.textContent = this.t(state.round === 2 ? "set.positionRound2" : "set.position",
        { index: state.index + 1, count });
      const current = this.card(this.order[state.index]);
      if (state.results[current.id] !== undefined) this.next.hidden = false;
      if (focus) current.part(".con-title").focus();
    }
  }

  /** @param {SetProgress} state */
  renderSummary(state) {
    const total = this.score(state);
    const count = this.order.length;
    const policy = this.config.policy;
    // What the room needs first: the score, then what listeners add (the result code
    // and its Copy button), then the cards one by one.
    const extras = el("div", { class: "con-set-extras" });
    this.summary.replaceChildren(
      el("h2", { class: "con-set-results", tabindex: "-1", text: this.t("set.results") }),
      el("p", { class: "con-set-score", text: this.t("set.score",
        { total: this.messages.number(total), count }) }),
      extras,
      this.breakdown(state));
    const missed = el("ul", { class: "con-set-missed" });
    for (const id of this.order) {
      if ((state.results[id] || 0) >= 1) continue;
      const card = this.card(id);
      for (const { rule } of card.payload.key[policy].reasons) {
        const text = this.config.rules[rule];
        const item = el("li", { "data-rule": rule, "data-card": id,
          text: this.t("set.missedCard", { title: card.title, says: text.says }) });
        item.append(el("a", { href: text.guide, text: this.t("set.review") }));
        missed.append(item);
      }
    }
    if (missed.children.length) {
      this.summary.append(el("p", { text: this.t("set.missedIntro") }), missed);
    } else {
      this.summary.append(el("p", { text: this.t("set.allBest") }));
    }
    const scoring = this.card(this.order[0]).root.dataset.scoring;
    if (scoring) {
      this.summary.append(el("p", {}, el("a", { href: scoring, text: this.t("card.howScoring") })));
    }
    const retry = el("button", { type: "button", class: "md-button con-set-retry",
      text: this.t("set.retry") });
    retry.addEventListener("click", () => this.restart(state.round === 2 ? 2 : 1));
    // A class voting twice (peer instruction): after talking it over with a
    // neighbour, the same cards again, whose result code says "round 2".
    const again = el("button", { type: "button", class: "md-button con-set-round2",
      text: this.t("set.round2") });
    again.addEventListener("click", () => this.restart(2));
    this.summary.append(el("p", {}, retry, " ", ...(state.round === 2 ? [] : [again])));
    this.emit(EVENTS.summary, { set: this.info, results: { ...state.results },
      choices: { ...state.choices }, extras, round: state.round === 2 ? 2 : 1,
      learner: state.learner || "" });
  }

  // Card by card: the learner's answer, the best answer and the points.
  /** @param {SetProgress} state */
  breakdown(state) {
    /** @param {string} key */
    const header = (key) => el("th", { scope: "col", text: this.t(key) });
    const table = el("table", { class: "con-set-breakdown" },
      el("caption", { text: this.t("set.breakdownCaption") }),
      el("thead", {}, el("tr", {}, header("set.cardHeader"), header("set.yourAnswer"),
        header("set.bestAnswer"), header("set.pointsHeader"))));
    const body = el("tbody");
    for (const id of this.order) {
      const card = this.card(id);
      const choice = state.choices[id];
      const best = card.payload.key[this.config.policy].best;
      // Each cell names its column too: on a phone the rows stack (quiz.css).
      body.append(el("tr", { "data-card": id },
        el("th", { scope: "row", text: card.title }),
        el("td", { "data-label": this.t("set.yourAnswer"), text: choice ? card.label(choice) : "–" }),
        el("td", { "data-label": this.t("set.bestAnswer"),
          text: best.map((d) => card.label(d)).join(this.t("list.or")) }),
        el("td", { "data-label": this.t("set.pointsHeader"),
          text: this.messages.points(state.results[id] || 0) })));
    }
    table.append(body);
    return table;
  }
}
