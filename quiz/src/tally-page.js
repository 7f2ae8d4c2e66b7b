// Connect or Not, for the trainer: the class tally page (.con-tally), built into
// quiz-class.js, which only the trainer's pages load.
//
// It reads every result code (tally.js) in a pasted chat and shows how the room
// answered: per card, how many chose each answer, the share that chose the best
// one, and the cards the class found hardest. With an LRS, the same bars fill live,
// as the room's answers reach it (tally-live.js).
import { Component, el } from "./core.js";
import { setOrder } from "./set.js";
import { learners, readAll } from "./tally.js";
import { LivePoll, learnerRows, wireLiveForm } from "./tally-live.js";

/** @typedef {import("./contract.js").TallyConfig} TallyConfig */
/** @typedef {import("./contract.js").TallySet} TallySet */
/** @typedef {import("./contract.js").TallyCard} TallyCard */
/** @typedef {import("./core.js").Parts} Parts */
/** @typedef {import("./tally.js").Row} Row */

export class Tally extends Component {
  /** @param {HTMLElement} root @param {Parts} parts */
  constructor(root, parts) {
    super(root, parts);
    /** @type {TallyConfig} */
    this.tally = this.data(".con-tally-data");
    this.input = /** @type {HTMLTextAreaElement} */ (this.part(".con-tally-input"));
    this.status = this.part(".con-tally-status");
    this.results = this.part(".con-tally-results");
  }

  enhance() {
    this.part(".con-tally-count").addEventListener("click", () => this.count());
    // The results alone, large, for the room (Esc leaves, as in any full screen).
    // Full screen, the results scroll: the keyboard can reach and scroll them.
    this.part(".con-tally-full").addEventListener("click", () => {
      this.results.tabIndex = 0;
      this.results.requestFullscreen?.().then(() => this.results.focus()).catch(() => {});
    });
    document.addEventListener("fullscreenchange", () => {
      if (!document.fullscreenElement) this.results.removeAttribute("tabindex");
    });
    const form = this.root.querySelector(".con-tally-live");
    if (form && this.tally.live) this.wireLive(/** @type {HTMLFormElement} */ (form), this.tally.live);
  }

  // "Live from the learning record store": the trainer's key (one that may read the
  // class's statements) stays in this page's memory, and goes only to the LRS.
  /** @param {HTMLFormElement} form @param {import("./contract.js").LiveTally} live */
  wireLive(form, live) {
    this.poll = new LivePoll(live);
    const chosen = /** @type {HTMLSelectElement} */ (form.querySelector(".con-live-set"));
    const time = /** @type {HTMLElement} */ (form.querySelector(".con-live-time"));
    wireLiveForm(form, this.poll, (id, params) => this.t(id, params), {
      set: () => this.tally.sets.find((s) => s.id === chosen.value) || this.tally.sets[0],
      shown: (rows, set, statements, registration) => {
        time.textContent = this.t("tally.liveTime", { time: new Date().toLocaleTimeString() });
        this.showLive(set, statements, live.course, registration);
        const answers = rows.reduce((n, places) => n + places.filter((p) => p >= 0).length, 0);
        return this.t("tally.liveCount", { count: rows.length, answers });
      } });
  }

  // Each round's answers as the pasted codes' rows: one a learner and round.
  /**
   * @param {TallySet} set @param {Record<string, any>[]} statements @param {string} course
   * @param {string} registration
   */
  showLive(set, statements, course, registration) {
    /** @type {Row[]} */
    const rows = [];
    for (const round of /** @type {(1 | 2)[]} */ ([1, 2])) {
      for (const { who, places } of learnerRows(statements, set, course, { round, registration })) {
        rows.push({ set, places, round, learner: who });
      }
    }
    this.root.dataset.live = String(learners(rows));
    this.results.replaceChildren(...(rows.length ? [this.chart(set, rows)] : []));
    this.part(".con-tally-full").hidden = !rows.length;
  }

  count() {
    const reading = readAll(this.input.value, this.tally.sets);
    /** @type {Map<TallySet, Row[]>} */
    const bySet = new Map();
    for (const row of reading.codes) {
      if (!bySet.has(row.set)) bySet.set(row.set, []);
      bySet.get(row.set)?.push(row);
    }
    const said = [];
    if (reading.codes.length) said.push(this.t("tally.found", { count: reading.learners }));
    if (reading.repeats) said.push(this.t("tally.repeats", { count: reading.repeats }));
    if (reading.damaged) said.push(this.t("tally.rejected", { count: reading.damaged }));
    if (reading.otherVersion) {
      said.push(this.t("tally.otherVersion", { count: reading.otherVersion }));
    }
    this.status.textContent = said.length ? said.join(" ") : this.t("tally.none");
    this.root.dataset.read = String(reading.learners);
    this.root.dataset.repeats = String(reading.repeats);
    this.root.dataset.rejected = String(reading.damaged + reading.otherVersion);
    this.results.replaceChildren(...[...bySet].map(([set, rows]) => this.chart(set, rows)));
    this.part(".con-tally-full").hidden = !reading.codes.length;
  }

  // One set: each card's answers as bars with their numbers, the hardest first, over
  // learners (one row each a round). Where the class voted twice (peer instruction),
  // each card shows both rounds side by side and the shift in the share that chose
  // the best answer.
  /** @param {TallySet} set @param {Row[]} codes */
  chart(set, codes) {
    const rounds = [1, 2].map((round) => codes.filter((c) => c.round === round).map((c) => c.places))
      .filter((rows) => rows.length);
    const twice = rounds.length === 2;
    const section = el("section", { class: "con-tally-set", "data-set": set.id,
      "data-learners": String(learners(codes)) },
    el("h2", { text: this.t("tally.setHeading", { title: set.title, count: learners(codes) }) }));
    // On the projector: the set's QR code and address, for latecomers to join.
    const join = [...this.root.querySelectorAll("template.con-tally-join")].find((node) =>
      /** @type {HTMLTemplateElement} */ (node).dataset.set === set.id);
    if (join) section.append(/** @type {HTMLTemplateElement} */ (join).content.cloneNode(true));
    if (twice) {
      section.append(el("p", { class: "con-tally-rounds", text: this.t("tally.rounds",
        { first: rounds[0].length, second: rounds[1].length }) }));
    }
    /** @param {number[][]} rows @param {TallyCard} card @param {number} i */
    const bestShare = (rows, card, i) => Math.round((100 * rows.filter((places) =>
      places[i] >= 0 && card.best.includes(card.choices[places[i]])).length) / rows.length);
    const last = rounds[rounds.length - 1];
    const shares = set.cards.map((card, i) => ({ card, i, percent: bestShare(last, card, i) }));
    const hardest = el("ol", { class: "con-tally-hardest" });
    for (const { card, percent } of [...shares].sort((a, b) => a.percent - b.percent)) {
      hardest.append(el("li", { text: this.t("tally.hardestItem", { title: card.title, percent }) }));
    }
    section.append(el("h3", { text: this.t("tally.hardest") }), hardest);
    // Numbered in the order the room saw them (the presenter's, a set page's).
    const order = setOrder({ cards: set.cards.map((card) => card.id), shuffle: set.shuffle,
      seed: set.seed });
    const seen = order.map((id) => shares.find((share) => share.card.id === id))
      .filter((share) => share !== undefined);
    for (const [number, { card, i, percent }] of seen.entries()) {
      const item = el("div", { class: "con-tally-card", "data-card": card.id },
        el("h3", { text: this.t("tally.cardHeading", { index: number + 1, title: card.title }) }),
        el("p", { class: "con-tally-share", text: twice
          ? this.t("tally.shift", { first: bestShare(rounds[0], card, i), second: percent })
          : this.t("tally.bestShare", { percent }) }));
      if (!twice) {
        item.append(this.bars(card, i, rounds[0]));
      } else {
        const both = el("div", { class: "con-tally-both" });
        rounds.forEach((rows, r) => both.append(el("div", { "data-round": String(r + 1) },
          el("h4", { text: this.t("tally.round", { round: r + 1, count: rows.length }) }),
          this.bars(card, i, rows))));
        item.append(both);
      }
      section.append(item);
    }
    return section;
  }

  // A card's answers in some codes, as bars with their numbers.
  /** @param {TallyCard} card @param {number} i @param {number[][]} rows */
  bars(card, i, rows) {
    const bars = el("ul", { class: "con-tally-bars" });
    card.choices.forEach((decision, place) => {
      const count = rows.filter((places) => places[i] === place).length;
      const best = card.best.includes(decision);
      const bar = el("span", { class: "con-tally-bar", "aria-hidden": "true" });
      bar.style.width = `${(100 * count) / rows.length}%`; // CSSOM: allowed by the CSP
      bars.append(el("li", { "data-decision": decision, "data-count": String(count),
        class: best ? "con-tally-best" : "" },
      el("span", { class: "con-tally-label", text: this.t("tally.bar",
        { label: card.labels[place], count }) + (best ? this.t("tally.bestMark") : "") }),
      el("span", { class: "con-tally-track" }, bar)));
    });
    return bars;
  }
}
