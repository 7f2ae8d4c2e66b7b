// What the engine's unit tests share: a page in jsdom, the shipped English catalog,
// and cards, sets and page configs written the way the build's templates write them
// (src/connect_or_not/steps/templates/connect-or-not/). The answer keys here
// are the tests' own small examples, not the model's output.
import { readFileSync } from "node:fs";
import { JSDOM } from "jsdom";
import { Messages } from "../../quiz/src/core.js";
import { Engine, Grading } from "../../quiz/src/engine.js";
import { Store, backends } from "../../quiz/src/store.js";

export const english = JSON.parse(readFileSync(
  new URL("../../src/connect_or_not/messages/en.json", import.meta.url), "utf8"));

const GLOBALS = ["window", "document", "HTMLElement", "HTMLInputElement", "HTMLSelectElement",
  "Node", "CustomEvent", "location", "history", "localStorage", "getSelection", "CSS",
  "requestIdleCallback", "navigator"];

// A page at `url` holding `body`, whose window the engine's modules see as theirs.
export function page(body = "", url = "https://course.test/site/quiz/x/") {
  const dom = new JSDOM(`<!doctype html><html lang="en"><body>${body}</body></html>`,
    { url, pretendToBeVisual: true });
  for (const name of GLOBALS) {
    let value;
    try {
      value = dom.window[name];
    } catch {
      value = undefined; // localStorage on file://, as in a browser
    }
    Object.defineProperty(globalThis, name, { value, configurable: true, writable: true });
  }
  return dom.window;
}

export const LABELS = { accept: "Accept", accept_and_message: "Accept and start a conversation",
  ask_first: "Ask what they hope for first", decline: "Decline" };

/** @returns {import("../../quiz/src/contract.js").PageConfig} */
export function pageConfig(policy = "balanced") {
  return {
    policy, lang: "en", labels: LABELS,
    policies: { balanced: "Balanced", selective: "Selective", open: "Open" },
    sources: { cathy: "Cathy, “Three criteria”", biehn: "Biehn, “Red flags”" },
    authors: { cathy: "Cathy", biehn: "Biehn" },
    facts: {
      note: { label: "Their note", values: { null: "Not said",
        '"none"': "No note", '"personal"': "A personal note" } },
      photo: { label: "Profile photo", values: { null: "Not said", true: "Yes",
        false: "No" } },
      mutual_connections: { label: "Shared contacts", values: { null: "Not said" } },
    },
    rules: {
      no_note_flag: { source: "cathy", says: "No note is a warning sign.",
        cite: "Cathy, “Three criteria”", guide: "../guide/#a" },
      personal_note: { source: "cathy", says: "A note written for you counts.",
        cite: "a reader's comment on Cathy, “Three criteria”", guide: "../guide/#b" },
      no_photo_flag: { source: "biehn", says: "No photo is a red flag.",
        cite: "Biehn, “Red flags”", guide: "../guide/#c" },
    },
    runtime: { url: "../assets/runtime/", compressed: [], lean: { stdlib: "lean.zip", bytes: 4e6 },
      fast: null, fastFrom: 0 },
  };
}

const CHOICES = ["accept", "accept_and_message", "ask_first", "decline"];

/**
 * A card's payload: under every policy, `best` is best, `partial` earns half and the
 * rest nothing; one flip (the photo) makes "accept" best.
 */
export function payload(id = "test-card", { best = ["decline"], partial = ["ask_first"],
  facts = { note: "none", photo: false, mutual_connections: 2 }, split = [],
  unknown = [], labels = LABELS } = {}) {
  const credit = {};
  const results = {};
  for (const choice of CHOICES) {
    credit[choice] = best.includes(choice) ? 1 : partial.includes(choice) ? 0.5 : 0;
    results[choice] = best.includes(choice) ? "best" : partial.includes(choice) ? "partial"
      : "wrong";
  }
  const verdict = { best, credit, results, split, unknown,
    reasons: [{ rule: "no_note_flag", supports: best, unknown: [], held: false },
      { rule: "no_photo_flag", supports: best, unknown: [], held: false }],
    flips: [{ fact: "photo", from: false, to: true, best: ["accept"] },
      { fact: "note", from: "none", to: "personal", best: ["accept_and_message"] }] };
  return { card: { id, kind: "incoming", facts }, labels, debrief: "",
    key: { balanced: verdict, selective: structuredClone(verdict), open: structuredClone(verdict) } };
}

const escape = (text) => text.replace(/&/g, "&amp;").replace(/</g, "&lt;");

// card.html, as the build writes it (the parts the engine reads).
export function cardHtml(data, { level = 2, title = `Card ${data.card.id}`, policy = "balanced" } = {}) {
  const id = data.card.id;
  const choices = CHOICES.map((d) => `<div class="con-choice"><input type="radio" name="decision" ` +
    `id="con-${id}-${d}" value="${d}"><label for="con-${id}-${d}">${data.labels[d]}</label></div>`).join("");
  return `<article class="con-card" id="con-card-${id}" data-card="${id}" ` +
    `data-level="${level}" data-scoring="../#scoring" data-url="../${id}/">` +
    `<h${level} class="con-title" id="con-title-${id}" tabindex="-1">${escape(title)}</h${level}>` +
    `<form class="con-form" action="#con-answer-${id}" method="get"><fieldset class="con-choices">` +
    `<legend>What do you do?</legend>${choices}</fieldset><p class="con-actions"><button ` +
    `type="submit" class="con-check">Check my answer</button></p></form>` +
    `<p class="con-announce" role="status"></p><div class="con-feedback" tabindex="-1"></div>` +
    `<p class="con-actions con-status"><span class="con-engine"></span>` +
    `<progress class="con-download" hidden></progress></p><p class="con-notice" role="status"></p>` +
    `<details class="con-answer"><summary>Answer</summary></details>` +
    `<script type="application/json" class="con-data">${JSON.stringify(data)}</script></article>`;
}

// quiz-set.html, as the build writes it.
export function setHtml(cards, { id = "drill", shuffle = false, seed = 1, code = "ABCD0123",
  mastery = 0.8 } = {}) {
  const config = { id, cards: cards.map((c) => c.card.id), shuffle, seed, mastery, code };
  return `<section class="con-set"><p class="con-set-position"></p>` +
    cards.map((c, i) => cardHtml(c, { title: `Card ${i + 1}` })).join("") +
    `<p><button type="button" class="con-set-next" hidden>Next card</button></p>` +
    `<div class="con-set-summary" hidden></div>` +
    `<script type="application/json" class="con-set-data">${JSON.stringify(config)}</script></section>`;
}

// A grader that stands for Python in the worker: it answers from `grades`, a
// function of (card, choice, policy), and counts its calls.
export class FakeWorkerEngine extends Engine {
  constructor(grades) {
    super();
    this.grades = grades;
    this.calls = [];
  }

  async send(op, payload) {
    this.calls.push({ op, ...payload });
    if (op === "grade") return this.grades(payload.card, payload.choice, payload.policy);
    if (op === "evaluate") return { best: ["accept"], reasons: [] };
    throw new Error(`no ${op}`);
  }

  becomeReady() {
    this.setState("ready");
  }
}

// What main.js gives every part, on a store in memory.
export function parts({ config = pageConfig(), engine = new Engine(), backend = backends.memory(),
  site = "/site/" } = {}) {
  return { config, messages: new Messages(english, "en"), store: new Store(`connect-or-not:${site}`, backend),
    engine, grading: new Grading(engine, config), site };
}

// Every event of these names that reaches the document, in order.
export function recorder(names) {
  const seen = [];
  for (const name of names) {
    document.addEventListener(name, (event) => seen.push({ name, detail: event.detail }));
  }
  return seen;
}

// Lets the engine's promises and short timers run.
export const settle = () => new Promise((resolve) => setTimeout(resolve, 0));
