// Connect or Not quiz engine, part 1 of 8: the shared core.
//
// The engine is a classic script (not a module) so that it still runs from file://
// and can say why the grader cannot start there. The build concatenates its parts
// (quiz/parts/*.js, in the order of ENGINE_PARTS in the plugin) into quiz.js; each
// part is a closure that adds to one namespace, window.ConnectOrNot:
//
//   core      messages (the catalog, with plural rules), el(), emit(), the JSON types
//   store     the learner's progress, on a pluggable backend (localStorage, memory)
//   engine    the Pyodide worker, and the graders: Pyodide leads, the answer key follows
//   card      one card: grade, render, restore, reset; announces con:graded
//   set       a quiz set built on cards; announces con:set-complete
//   progress  the progress panel: summary, export, import, reset, storage notices
//   tally     a learner's result code, on a set's summary
//   main      wires the parts to the page
//
// Two more scripts load only where they are needed: quiz-class.js (present,
// tally-page: the trainer's presenter view and tally) and quiz-lms.js (lms: the
// SCORM packages' reporting).
//
// Other scripts can listen to the parts' DOM events (they bubble to document):
//   con:graded        on a card: {card, choice, credit, result, policy, gradedBy, best}
//   con:set-complete  on a set:  {set, results, score, max}
//   con:summary       on a set, whenever its summary is shown: {set, results, choices}
//   con:stored        on document, after the store changed: {store}
// and give the store another backend before the page loads:
//   window.ConnectOrNot.backend = {get(key), set(key, value), remove(key)}
(() => {
"use strict";

const CON = (globalThis.ConnectOrNot = globalThis.ConnectOrNot || {});

// The JSON shapes of src/connect_or_not/contract.py (tests/test_contract.py holds
// the two equal).
/**
 * @typedef {Object} ReasonRef
 * @property {string} rule
 * @property {string[]} supports
 * @property {string[]} unknown
 * @property {boolean} held
 *
 * @typedef {Object} Reason
 * @property {string} rule
 * @property {string[]} supports
 * @property {string[]} unknown
 * @property {boolean} held
 * @property {string} source
 * @property {string} says
 * @property {string} guide
 *
 * @typedef {Object} Flip
 * @property {string} fact
 * @property {*} from
 * @property {*} to
 * @property {string[]} best
 *
 * @typedef {Object} Verdict
 * @property {string} id
 * @property {string} kind
 * @property {string} policy
 * @property {string[]} best
 * @property {Object<string, number>} credit
 * @property {Reason[]} reasons
 * @property {Flip[]} flips
 * @property {boolean} split
 * @property {string[]} unknown
 *
 * @typedef {Object} Grade
 * @property {string} id
 * @property {string} policy
 * @property {string} choice
 * @property {number} credit
 * @property {string} result
 * @property {string[]} best
 * @property {Reason[]} reasons
 * @property {boolean} split
 * @property {string[]} unknown
 *
 * @typedef {Object} KeyVerdict
 * @property {string[]} best
 * @property {Object<string, number>} credit
 * @property {Object<string, string>} results
 * @property {ReasonRef[]} reasons
 * @property {Flip[]} flips
 * @property {boolean} split
 * @property {string[]} unknown
 *
 * @typedef {Object} CardData
 * @property {string} id
 * @property {string} kind
 * @property {Object<string, *>} facts
 *
 * @typedef {Object} CardPayload
 * @property {CardData} card
 * @property {Object<string, KeyVerdict>} key
 * @property {string} debrief
 *
 * @typedef {Object} RuleText
 * @property {string} source
 * @property {string} says
 * @property {string} guide
 *
 * @typedef {Object} RuntimeWay
 * @property {string} stdlib
 * @property {string} [snapshot]
 * @property {number} bytes
 *
 * @typedef {Object} RuntimeInfo
 * @property {string} url
 * @property {string[]} compressed
 * @property {RuntimeWay} lean
 * @property {RuntimeWay} fast
 * @property {number} fastFrom
 *
 * @typedef {Object} FactText
 * @property {string} label
 * @property {string} meaning
 * @property {Object<string, string>} values
 *
 * @typedef {Object} PageConfig
 * @property {string} policy
 * @property {string} lang
 * @property {Object<string, string>} labels
 * @property {Object<string, string>} policies
 * @property {Object<string, string>} sources
 * @property {Object<string, FactText>} facts
 * @property {Object<string, RuleText>} rules
 * @property {RuntimeInfo} [runtime]
 *
 * @typedef {Object} SetConfig
 * @property {string} id
 * @property {string[]} cards
 * @property {boolean} shuffle
 * @property {number} seed
 * @property {number} mastery
 * @property {string} code
 *
 * @typedef {Object} TallyCard
 * @property {string} id
 * @property {string} title
 * @property {string[]} choices
 * @property {string[]} labels
 * @property {string[]} best
 *
 * @typedef {Object} TallySet
 * @property {string} id
 * @property {string} title
 * @property {string} code
 * @property {TallyCard[]} cards
 *
 * @typedef {Object} TallyConfig
 * @property {TallySet[]} sets
 *
 * @typedef {Object} WorkerRequest
 * @property {number} id
 * @property {string} op
 * @property {string} [runtime]
 * @property {string} [snapshot]
 * @property {CardData} [card]
 * @property {string} [choice]
 * @property {string} [policy]
 *
 * @typedef {Object} WorkerResponse
 * @property {number} id
 * @property {boolean} ok
 * @property {*} [result]
 * @property {string} [error]
 *
 * @typedef {Object} Answer
 * @property {string} choice
 * @property {number} credit
 * @property {string} result
 * @property {string} policy
 * @property {number} at
 *
 * @typedef {Object} SetProgress
 * @property {number} index
 * @property {Object<string, number>} results
 * @property {Object<string, string>} choices
 *
 * @typedef {Object} StoreData
 * @property {number} version
 * @property {Object<string, Answer>} answers
 * @property {Object<string, SetProgress>} sets
 *
 * @typedef {Object} ExportData
 * @property {string} format
 * @property {number} version
 * @property {string} site
 * @property {string} exported
 * @property {Object<string, Answer>} answers
 * @property {Object<string, SetProgress>} sets
 */

// Every word a learner reads comes from the message catalog, which the build puts
// into quiz.js as ConnectOrNot.catalog (from src/connect_or_not/messages/ and the
// site's own words). A message is a text with {name} placeholders, or plural
// forms by Intl.PluralRules category.
class Messages {
  constructor(messages = {}, lang = "en") {
    this.messages = messages;
    this.plural = new Intl.PluralRules(lang);
    this.number = new Intl.NumberFormat(lang, { maximumFractionDigits: 2 });
  }

  t(id, params = {}) {
    let message = this.messages[id];
    if (message === undefined) return id;
    if (typeof message === "object") {
      message = message[this.plural.select(params.count)] ?? message.other;
    }
    return message.replace(/\{(\w+)\}/g, (whole, name) =>
      (name in params ? String(params[name]) : whole));
  }

  // Credit as points, the one way scores are shown: "0.5 points".
  points(credit) {
    return this.t("score.points", { count: credit, points: this.number.format(credit) });
  }

  // “A” or “B”: decision labels as the learner reads them.
  either(labels) {
    return labels.map((label) => this.t("list.quoted", { label })).join(this.t("list.or"));
  }

  // “A”, “B” and “C”: fact labels as the learner reads them (catalog.Catalog.every).
  every(labels) {
    const quoted = labels.map((label) => this.t("list.quoted", { label }));
    const last = quoted.pop();
    return quoted.length ? `${quoted.join(this.t("list.comma"))}${this.t("list.and")}${last}` : last;
  }
}

function el(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (name === "text") node.textContent = value;
    else node.setAttribute(name, value);
  }
  for (const child of children) if (child) node.append(child);
  return node;
}

function emit(target, name, detail) {
  target.dispatchEvent(new CustomEvent(name, { bubbles: true, detail }));
}

const EVENTS = Object.freeze({
  graded: "con:graded",
  setComplete: "con:set-complete",
  summary: "con:summary",
  stored: "con:stored",
});

// Kinds of page a part brings (the tally, the presenter): {selector, create(node,
// parts)}. main.js enhances each, and leaves the cards inside them to it.
const pages = [];

Object.assign(CON, { Messages, el, emit, EVENTS, pages });
})();
