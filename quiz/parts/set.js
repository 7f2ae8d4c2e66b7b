// Connect or Not quiz engine, part 5 of 8: a quiz set (SetConfig), built on cards.
//
// The set shows one card at a time, listens for its cards' con:graded, keeps its
// attempt in the store (SetProgress: place, points and choices), and at the end
// shows a summary, card by card, and announces con:set-complete.
(() => {
"use strict";

const CON = globalThis.ConnectOrNot;
const { el, emit, EVENTS } = CON;

// A small deterministic shuffle (mulberry32), so a class shares one order.
function seededOrder(ids, seed) {
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

/** @param {SetConfig} config */
function setOrder(config) {
  return config.shuffle ? seededOrder(config.cards, config.seed) : config.cards;
}

class QuizSet {
  /** @param {HTMLElement} root */
  constructor(root, parts) {
    this.root = root;
    Object.assign(this, parts);
    /** @type {SetConfig} */
    this.setConfig = JSON.parse(root.querySelector(".con-set-data").textContent);
    this.id = this.setConfig.id;
    this.order = setOrder(this.setConfig);
    // Each card remembers its answer in this set's attempt, not with the card's
    // own page: a retry starts clean, and the two never mix.
    this.cards = new Map([...root.querySelectorAll(".con-card")].map((node) => {
      const id = node.dataset.card;
      return [id, new CON.Card(node, { ...parts, memory: this.memoryFor(id) })];
    }));
    this.position = root.querySelector(".con-set-position");
    this.next = root.querySelector(".con-set-next");
    this.summary = root.querySelector(".con-set-summary");
  }

  t(id, params) {
    return this.messages.t(id, params);
  }

  /** @returns {SetProgress} the attempt, whatever was stored (or imported) */
  progress(store = this.store.read()) {
    const state = Object.hasOwn(store.sets, this.id) ? store.sets[this.id] : undefined;
    const index = state && Number.isInteger(state.index) ? state.index : 0;
    return {
      index: Math.min(Math.max(index, 0), this.order.length),
      results: { ...(state && state.results) },
      choices: { ...(state && state.choices) },
    };
  }

  updateProgress(change) {
    this.store.write((store) => {
      const state = this.progress(store);
      change(state);
      store.sets[this.id] = state;
    });
  }

  memoryFor(id) {
    return {
      previous: () => {
        const { choices } = this.progress();
        const choice = Object.hasOwn(choices, id) ? choices[id] : undefined;
        const verdict = this.cards.get(id).payload.key[this.config.policy];
        return choice && verdict.results[choice] ? { choice, result: verdict.results[choice] }
          : undefined;
      },
      keep: (answer) => this.updateProgress((state) => {
        state.results[id] = answer.credit;
        state.choices[id] = answer.choice;
      }),
    };
  }

  enhance() {
    for (const card of this.cards.values()) card.enhance();
    this.root.addEventListener(EVENTS.graded, () => { this.next.hidden = false; });
    this.next.addEventListener("click", () => {
      this.updateProgress((state) => { state.index = Math.min(state.index + 1, this.order.length); });
      const state = this.progress();
      this.show(true);
      if (state.index >= this.order.length) {
        emit(this.root, EVENTS.setComplete, { set: this.id, results: { ...state.results },
          score: this.score(state), max: this.order.length });
      }
    });
    this.show(false);
    const current = this.current();
    if (current) current.answerFromAddress();
  }

  current(state = this.progress()) {
    return this.cards.get(this.order[state.index]);
  }

  score(state) {
    return this.order.reduce((sum, id) => sum + (state.results[id] || 0), 0);
  }

  show(focus) {
    const state = this.progress();
    const count = this.order.length;
    const done = state.index >= count;
    for (const [id, card] of this.cards) card.root.hidden = done || id !== this.order[state.index];
    this.next.hidden = true;
    this.summary.hidden = !done;
    if (done) {
      this.position.textContent = this.t("set.finished", { count });
      this.renderSummary(state);
      if (focus) this.summary.querySelector(".con-set-results").focus();
    } else {
      this.position.textContent = this.t("set.position", { index: state.index + 1, count });
      const current = this.current(state);
      if (state.results[current.id] !== undefined) this.next.hidden = false;
      if (focus) current.root.querySelector(".con-title").focus();
    }
  }

  renderSummary(state) {
    const total = this.score(state);
    const count = this.order.length;
    const policy = this.config.policy;
    this.summary.replaceChildren(
      el("h2", { class: "con-set-results", tabindex: "-1", text: this.t("set.results") }),
      el("p", { class: "con-set-score", text: this.t("set.score",
        { total: this.messages.number.format(total), count }) }),
      this.breakdown(state));
    const missed = el("ul", { class: "con-set-missed" });
    for (const id of this.order) {
      if ((state.results[id] || 0) >= 1) continue;
      const card = this.cards.get(id);
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
    const scoring = this.cards.get(this.order[0]).root.dataset.scoring;
    if (scoring) {
      this.summary.append(el("p", {}, el("a", { href: scoring, text: this.t("card.howScoring") })));
    }
    const retry = el("button", { type: "button", class: "md-button con-set-retry",
      text: this.t("set.retry") });
    retry.addEventListener("click", () => {
      this.store.write((store) => { store.sets[this.id] = { index: 0, results: {}, choices: {} }; });
      for (const card of this.cards.values()) card.reset();
      this.show(true);
    });
    this.summary.append(retry);
    emit(this.root, EVENTS.summary, { set: this.id, results: { ...state.results },
      choices: { ...state.choices } });
  }

  // Card by card: the learner's answer, the best answer and the points.
  breakdown(state) {
    const header = (key) => el("th", { scope: "col", text: this.t(key) });
    const table = el("table", { class: "con-set-breakdown" },
      el("caption", { text: this.t("set.breakdownCaption") }),
      el("thead", {}, el("tr", {}, header("set.cardHeader"), header("set.yourAnswer"),
        header("set.bestAnswer"), header("set.pointsHeader"))));
    const body = el("tbody");
    for (const id of this.order) {
      const card = this.cards.get(id);
      const choice = state.choices[id];
      const best = card.payload.key[this.config.policy].best;
      body.append(el("tr", { "data-card": id },
        el("th", { scope: "row", text: card.title }),
        el("td", { text: choice ? this.config.labels[choice] : "–" }),
        el("td", { text: best.map((d) => this.config.labels[d]).join(this.t("list.or")) }),
        el("td", { text: this.messages.points(state.results[id] || 0) })));
    }
    table.append(body);
    return table;
  }
}

Object.assign(CON, { QuizSet, seededOrder, setOrder });
})();
