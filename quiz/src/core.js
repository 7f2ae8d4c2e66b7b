// Connect or Not quiz engine: the shared core.
//
// The engine is a set of ES modules, bundled by esbuild (quiz/build/bundle.mjs) into
// classic scripts, so that a course still runs from file:// and can say why the
// grader cannot start there:
//
//   quiz.js        on every page: core, store, engine, card, set, progress, tally, main
//   quiz-class.js  the trainer's pages: present, tally-page
//   quiz-lms.js    the SCORM packages' pages: lms
//   quiz-xapi.js   pages of a course with an LRS, and of a cmi5 package: xapi
//
// The JSON shapes and constants both sides share are generated from
// src/connect_or_not/contract.py into contract.d.ts and contract.js.
//
// Parts talk through DOM events that bubble to document (EVENTS, and their
// details below); a listener reads the event, never another part's DOM. Another
// script may give the store a backend before the page loads:
//   window.ConnectOrNot = {backend: {get(key), set(key, value), remove(key)}}

/** @typedef {import("./contract.js").PageConfig} PageConfig */

/**
 * What a card announces once per Check.
 * @typedef {Object} GradedDetail
 * @property {string} card
 * @property {string | null} set the set it was answered in, or null on its own page
 * @property {string} title
 * @property {string} url the card's own page
 * @property {string} choice
 * @property {number} credit
 * @property {import("./contract.js").Result} result
 * @property {string} policy
 * @property {"pyodide" | "key"} gradedBy
 * @property {string[]} best
 * @property {1 | 2} round the class's vote in a set (2 after talking it over); 1 elsewhere
 */

/**
 * A quiz set as its listeners need it: the order, each card's choices (a result
 * code and the LMS's suspend data write a choice as its place among them) and the
 * credit of each choice under the class policy.
 * @typedef {Object} SetInfo
 * @property {string} id
 * @property {string} code
 * @property {number} mastery
 * @property {string} policy
 * @property {{id: string, title: string, choices: string[], credit: Record<string, number>}[]} cards
 */

/**
 * @typedef {Object} SetOpenedDetail
 * @property {SetInfo} set
 *
 * @typedef {Object} SetCompleteDetail
 * @property {SetInfo} set
 * @property {Record<string, number>} results
 * @property {number} score
 * @property {number} max
 *
 * The room's votes on one card in one round, as learners' phones sent them.
 * @typedef {Object} VotesDetail
 * @property {string} set
 * @property {string} card
 * @property {1 | 2} round
 * @property {Record<string, number>} counts decision -> how many chose it
 */

/**
 * @typedef {Object} SummaryDetail
 * @property {SetInfo} set
 * @property {Record<string, number>} results
 * @property {Record<string, string>} choices
 * @property {HTMLElement} extras where listeners may add to the summary
 * @property {1 | 2} round the class's first vote, or its second (peer instruction)
 * @property {string} learner the learner's tag, for the result code
 */

export const EVENTS = Object.freeze({
  graded: "con:graded", // on a card: GradedDetail
  setOpened: "con:set-opened", // on a set, before it reads its progress: SetOpenedDetail
  setComplete: "con:set-complete", // on a set: SetCompleteDetail
  summary: "con:summary", // on a set, whenever its summary is shown: SummaryDetail
  stored: "con:stored", // on document, after the store changed
  votes: "con:votes", // on document: the room's votes on a card, from phones: VotesDetail
});

/**
 * The page's globals another script may set (window.ConnectOrNot).
 * @returns {{catalog?: Record<string, Message>, backend?: import("./store.js").Backend,
 *   modules?: Record<string, object>, refresh?: () => void,
 *   notice?: (id: string) => void, records?: import("./contract.js").RecordsConfig,
 *   studio?: {cleaned: (html: string, rules: import("./contract.js").Sanitiser) => Node}}}
 *   notice tells the learner (a message id); studio is the card studio's cleaner, on
 *   its page only; records is where learning records go (quiz-xapi.js's banner)
 */
export function globals() {
  const g = /** @type {any} */ (globalThis);
  g.ConnectOrNot = g.ConnectOrNot || {};
  return g.ConnectOrNot;
}

/** @typedef {string | Record<string, string>} Message */

// Every word a learner reads comes from the message catalog, which the build puts
// into quiz.js (from src/connect_or_not/messages/ and the site's own words). A
// message is a text with {name} placeholders, or plural forms by Intl.PluralRules
// category.
export class Messages {
  /** @param {Record<string, Message>} messages @param {string} lang */
  constructor(messages = {}, lang = "en") {
    this.messages = messages;
    this.plural = new Intl.PluralRules(lang);
    this.numbers = new Intl.NumberFormat(lang, { maximumFractionDigits: 2 });
  }

  /** @param {string} id @param {Record<string, unknown>} [params] */
  t(id, params = {}) {
    let message = this.messages[id];
    if (message === undefined) return id;
    if (typeof message === "object") {
      // The form is chosen for the count as it is shown (0.25, not 0.2499...).
      const count = Number(params.count);
      message = message[this.plural.select(Number(count.toFixed(2)))] ?? message.other ?? id;
      params = { ...params, count: this.number(count) };
    }
    return message.replace(/\{(\w+)\}/g, (whole, name) =>
      (name in params ? String(params[name]) : whole));
  }

  // A number as the language writes it, at most two decimals (catalog.Catalog.number
  // writes it the same way, with Babel's CLDR data, for the build's pages).
  /** @param {number} value */
  number(value) {
    return this.numbers.format(value);
  }

  // Credit as points, the one way scores are shown: "0.5 points".
  /** @param {number} credit */
  points(credit) {
    return this.t("score.points", { count: credit, points: this.number(credit) });
  }

  // “A” or “B”: decision labels as the learner reads them.
  /** @param {string[]} labels */
  either(labels) {
    return labels.map((label) => this.t("list.quoted", { label })).join(this.t("list.or"));
  }

  // “A”, “B” and “C”: fact labels as the learner reads them (catalog.Catalog.every).
  /** @param {string[]} labels */
  every(labels) {
    const quoted = labels.map((label) => this.t("list.quoted", { label }));
    const last = quoted.pop();
    return quoted.length ? `${quoted.join(this.t("list.comma"))}${this.t("list.and")}${last}` : last;
  }
}

/**
 * @template {keyof HTMLElementTagNameMap} K
 * @param {K} tag
 * @param {Record<string, string>} [attributes] `text` sets the text
 * @param {...(Node | string | null | undefined | false)} children
 * @returns {HTMLElementTagNameMap[K]}
 */
export function el(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (name === "text") node.textContent = value;
    else node.setAttribute(name, value);
  }
  for (const child of children) if (child) node.append(child);
  return node;
}

/** @param {EventTarget} target @param {string} name @param {unknown} [detail] */
export function emit(target, name, detail) {
  target.dispatchEvent(new CustomEvent(name, { bubbles: true, detail }));
}

/**
 * What the page gives every part.
 * @typedef {Object} Parts
 * @property {PageConfig} config
 * @property {Messages} messages
 * @property {import("./store.js").Store} store
 * @property {import("./engine.js").Engine} engine
 * @property {import("./engine.js").Grading} grading
 * @property {string} site the site's path, which export files carry
 */

// The one base of the page's parts (as GOV.UK Frontend's Component): its root
// element, what the page gives it, its words and its events.
export class Component {
  /** @param {HTMLElement} root @param {Parts} parts */
  constructor(root, parts) {
    this.root = root;
    this.parts = parts;
    this.config = parts.config;
    this.messages = parts.messages;
  }

  /** @param {string} id @param {Record<string, unknown>} [params] */
  t(id, params) {
    return this.messages.t(id, params);
  }

  /** @param {string} name @param {unknown} detail */
  emit(name, detail) {
    emit(this.root, name, detail);
  }

  /**
   * An element inside the root, which the build's templates always write.
   * @param {string} selector
   * @returns {HTMLElement}
   */
  part(selector) {
    const node = this.root.querySelector(selector);
    if (!(node instanceof HTMLElement)) throw new Error(`${selector} is missing`);
    return node;
  }

  /**
   * A JSON block inside the root (the build writes it).
   * @param {string} selector
   * @returns {any}
   */
  data(selector) {
    return JSON.parse(this.part(selector).textContent || "null");
  }

  enhance() {}
}

/**
 * Kinds of page a script brings (the tally, the presenter): main.js enhances each,
 * and leaves the cards inside them to it.
 * @type {{selector: string, create: (node: HTMLElement, parts: Parts) => Component}[]}
 */
export const pages = [];
