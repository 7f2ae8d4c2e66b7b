// Connect or Not, for the trainer: the class tally page (.con-tally), built into
// quiz-class.js, which only the trainer's pages load.
//
// It reads every result code (tally.js) in a pasted chat and shows how the room
// answered: per card, how many chose each answer, the share that chose the best
// one, and the cards the class found hardest.
import { Component, el } from "./core.js";
import { CODE_IN_TEXT, normalise, read } from "./tally.js";

/** @typedef {import("./contract.js").TallyConfig} TallyConfig */
/** @typedef {import("./contract.js").TallySet} TallySet */
/** @typedef {import("./core.js").Parts} Parts */

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
  }

  count() {
    const found = { read: 0, damaged: 0, otherVersion: 0 };
    /** @type {Map<TallySet, number[][]>} */
    const bySet = new Map();
    for (const [text] of this.input.value.matchAll(CODE_IN_TEXT)) {
      if (normalise(text).length < 12) continue; // "CNXX is...": words, not a code
      const result = read(text, this.tally.sets);
      if (!("set" in result)) {
        found[/** @type {"damaged" | "otherVersion"} */ (result.problem)]++;
        continue;
      }
      found.read++;
      if (!bySet.has(result.set)) bySet.set(result.set, []);
      bySet.get(result.set)?.push(result.places);
    }
    const said = [];
    if (found.read) said.push(this.t("tally.found", { count: found.read }));
    if (found.damaged) said.push(this.t("tally.rejected", { count: found.damaged }));
    if (found.otherVersion) said.push(this.t("tally.otherVersion", { count: found.otherVersion }));
    this.status.textContent = said.length ? said.join(" ") : this.t("tally.none");
    this.root.dataset.read = String(found.read);
    this.root.dataset.rejected = String(found.damaged + found.otherVersion);
    this.results.replaceChildren(...[...bySet].map(([set, rows]) => this.chart(set, rows)));
  }

  // One set: each card's answers as bars with their numbers, the hardest first.
  /** @param {TallySet} set @param {number[][]} rows */
  chart(set, rows) {
    const section = el("section", { class: "con-tally-set", "data-set": set.id },
      el("h2", { text: this.t("tally.setHeading", { title: set.title, count: rows.length }) }));
    const shares = set.cards.map((card, i) => {
      const best = rows.filter((places) => places[i] >= 0 &&
        card.best.includes(card.choices[places[i]])).length;
      return { card, i, percent: Math.round((100 * best) / rows.length) };
    });
    const hardest = el("ol", { class: "con-tally-hardest" });
    for (const { card, percent } of [...shares].sort((a, b) => a.percent - b.percent)) {
      hardest.append(el("li", { text: this.t("tally.hardestItem", { title: card.title, percent }) }));
    }
    section.append(el("h3", { text: this.t("tally.hardest") }), hardest);
    for (const { card, i, percent } of shares) {
      const item = el("div", { class: "con-tally-card", "data-card": card.id },
        el("h3", { text: this.t("tally.cardHeading", { index: i + 1, title: card.title }) }),
        el("p", { class: "con-tally-share", text: this.t("tally.bestShare", { percent }) }));
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
      item.append(bars);
      section.append(item);
    }
    return section;
  }
}
