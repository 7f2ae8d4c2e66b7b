// Connect or Not quiz engine, part 5 of 7: a quiz set (SetConfig), built on cards.
//
// The set shows one card at a time, listens for its cards' con:graded, keeps its
// place in the store (SetProgress), and at the end shows a summary and announces
// con:set-complete.
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
    this.cards = new Map([...root.querySelectorAll(".con-card")].map(
      (node) => [node.dataset.card, new CON.Card(node, parts)]));
    this.position = root.querySelector(".con-set-position");
    this.next = root.querySelector(".con-set-next");
    this.summary = root.querySelector(".con-set-summary");
  }

  t(id, params) {
    return this.messages.t(id, params);
  }

  /** @returns {SetProgress} */
  progress(store = this.store.read()) {
    return store.sets[this.id] || { index: 0, results: {} };
  }

  updateProgress(change) {
    this.store.write((store) => {
      const state = this.progress(store);
      change(state);
      store.sets[this.id] = state;
    });
  }

  enhance() {
    for (const card of this.cards.values()) card.enhance();
    this.root.addEventListener(EVENTS.graded, (event) => {
      this.updateProgress((state) => { state.results[event.detail.card] = event.detail.credit; });
      this.next.hidden = false;
    });
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
      if (focus) this.summary.querySelector("h2").focus();
    } else {
      this.position.textContent = this.t("set.position", { index: state.index + 1, count });
      const current = this.cards.get(this.order[state.index]);
      if (state.results[this.order[state.index]] !== undefined) this.next.hidden = false;
      if (focus) current.root.querySelector("fieldset input").focus();
    }
  }

  renderSummary(state) {
    const total = this.score(state);
    const count = this.order.length;
    this.summary.replaceChildren(
      el("h2", { tabindex: "-1", text: this.t("set.results") }),
      el("p", { class: "con-set-score", text: this.t("set.score",
        { total, count, percent: Math.round((100 * total) / count) }) }));
    const missed = new Set();
    for (const id of this.order) {
      if ((state.results[id] || 0) >= 1) continue;
      for (const rule of this.cards.get(id).payload.key[this.config.policy].reasons) {
        missed.add(rule);
      }
    }
    if (missed.size) {
      this.summary.append(el("p", { text: this.t("set.missedIntro") }));
      const list = el("ul", { class: "con-set-missed" });
      for (const rule of missed) {
        const text = this.config.rules[rule];
        const item = el("li", { "data-rule": rule, text: `${text.says} ` });
        item.append(el("a", { href: text.guide, text: this.t("set.review") }));
        list.append(item);
      }
      this.summary.append(list);
    } else {
      this.summary.append(el("p", { text: this.t("set.allBest") }));
    }
    const retry = el("button", { type: "button", class: "md-button con-set-retry",
      text: this.t("set.retry") });
    retry.addEventListener("click", () => {
      this.store.write((store) => { store.sets[this.id] = { index: 0, results: {} }; });
      for (const card of this.cards.values()) card.reset();
      this.show(true);
    });
    this.summary.append(retry);
  }
}

Object.assign(CON, { QuizSet, seededOrder, setOrder });
})();
