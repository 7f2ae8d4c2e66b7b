// Connect or Not: a verdict in the learner's words. The card's feedback, the
// presenter's reveal and the "Ask about your invitation" page all say a verdict the
// same way: its best answers, why several are best, its reasons with their posts
// and a link to the guide, a fact's value.
import { el } from "./core.js";

/** @typedef {import("./contract.js").PageConfig} PageConfig */
/** @typedef {import("./contract.js").Reason} Reason */
/** @typedef {import("./core.js").Messages} Messages */

export class Advice {
  /**
   * @param {PageConfig} config the page's vocabulary and rules
   * @param {Messages} messages
   * @param {(decision: string) => string} [label] a decision's words (a card's own
   *   labels where it has them), else the vocabulary's
   */
  constructor(config, messages, label = (decision) => config.labels[decision]) {
    this.config = config;
    this.messages = messages;
    this.label = label;
  }

  /** @param {string} id @param {Record<string, unknown>} [params] */
  t(id, params) {
    return this.messages.t(id, params);
  }

  /** @param {string[]} decisions */
  labels(decisions) {
    return this.messages.either(decisions.map((d) => this.label(d)));
  }

  // Why several answers are best: the policy's own posts disagree (a split, naming
  // them), or the answer turns on facts left open. Nothing when one answer stands alone.
  // A quiz speaks of credit (card.split, card.open); the ask page advises a person.
  /**
   * @param {{split: string[], unknown: string[]}} verdict
   * @param {{split: string, open: string}} [words]
   */
  openNote(verdict, words = { split: "card.split", open: "card.open" }) {
    const notes = [];
    if (verdict.split.length) {
      notes.push(el("p", { class: "con-split", text: this.t(words.split,
        { posts: this.messages.every(verdict.split.map((s) => this.config.authors[s])) }) }));
    }
    if (verdict.unknown.length) {
      notes.push(el("p", { class: "con-unknown", text: this.t(words.open,
        { facts: this.factList(verdict.unknown) }) }));
    }
    return notes;
  }

  /** @param {string[]} facts */
  factList(facts) {
    return this.messages.every(facts.map((f) => this.config.facts[f].label));
  }

  /** @param {Reason[]} reasons */
  reasonList(reasons) {
    const list = el("ul", { class: "con-reasons" });
    // Where the reasons argue for different answers, each says which one it backs.
    const sides = new Set(reasons.map((r) => r.supports.join(" ")));
    for (const reason of reasons) {
      // The page's own words for a rule where it has them (with a link to the guide).
      const text = this.config.rules[reason.rule];
      const item = el("li", { "data-rule": reason.rule, "data-supports": reason.supports.join(" ") });
      if (sides.size > 1) {
        item.append(el("strong", { text: this.t("card.reasonFor",
          { labels: this.labels(reason.supports) }) }), " ");
      }
      // A step that may hold says so first; a precondition that holds says why after.
      if (reason.unknown.length && !reason.held) {
        item.append(el("span", { class: "con-reason-unknown", text: this.t("card.reasonUnknown",
          { facts: this.factList(reason.unknown) }) }), " ");
      }
      // A reader's comment, or the author's reply to one, is cited as such.
      item.append(`${(text || reason).says} `,
        el("cite", { text: `(${text ? text.cite : this.config.sources[reason.source]})` }));
      if (reason.held) {
        item.append(" ", el("span", { class: "con-reason-unknown", text: this.t("card.reasonHeld",
          { facts: this.factList(reason.unknown) }) }));
      }
      if (text) item.append(" ", el("a", { href: text.guide, text: this.t("card.readGuide") }));
      list.append(item);
    }
    return list;
  }

  // A fact's value in the learner's words (FactText.values), or the number as the
  // language writes it.
  /** @param {string} fact @param {unknown} value */
  valueLabel(fact, value) {
    const words = this.config.facts[fact].values[JSON.stringify(value ?? null)];
    if (words !== undefined) return words;
    return typeof value === "number" ? this.messages.number(value) : String(value);
  }
}
