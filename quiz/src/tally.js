// Connect or Not quiz engine: result codes.
//
// A separate part that listens: when a set's summary is shown (con:summary), it
// adds the learner's result code: the set's code (SetConfig.code: the set and the
// course version), the learner's choice on each card, and a checksum, in letters
// and digits that can be read aloud (contract.RESULT_CODE_ALPHABET). No personal
// data is in it. The trainer's tally page (tally-page.js) reads them.
import { MAX_CHOICES, RESULT_CODE_ALPHABET as ALPHABET } from "./contract.js";
import { EVENTS, Messages, el, globals } from "./core.js";

/** @typedef {import("./contract.js").TallySet} TallySet */
/** @typedef {import("./core.js").SummaryDetail} SummaryDetail */

const PREFIX = "CN";
// A card's digit: its choice's place, or NONE when it was left unanswered.
const NONE = MAX_CHOICES;
const WAYS = MAX_CHOICES + 1;
// What looks like a code in a chat: "CN" and two characters, then groups of four
// after a dash or a space, the last one shorter (never across a line).
export const CODE_IN_TEXT = /\bCN[0-9A-Z]{2}(?:[- ][0-9A-Z]{4})*(?:[- ][0-9A-Z]{1,3})?\b/gi;

// Two characters from a 32-bit FNV-1a hash.
/** @param {string} text */
export function checksum(text) {
  let hash = 0x811c9dc5;
  for (const char of text) {
    hash ^= char.charCodeAt(0);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return ALPHABET[hash % 32] + ALPHABET[(hash >>> 5) % 32];
}

/** @param {string} code */
function group(code) {
  return (code.match(/.{1,4}/g) || []).join("-");
}

// A second round of votes (peer instruction: vote, discuss, vote again) is one
// character more after the set's code; a code without it is a first round's, as
// every code was before rounds.
const SECOND_ROUND = ALPHABET[2];

/**
 * A result code: two cards a character (WAYS each: the choice's place, or none).
 * @param {string} setCode SetConfig.code
 * @param {number[]} places each card's chosen place among its choices, or -1
 * @param {1 | 2} [round]
 */
export function encode(setCode, places, round = 1) {
  const digits = places.map((place) => (place >= 0 && place < NONE ? place : NONE));
  if (digits.length % 2) digits.push(NONE);
  let body = `${PREFIX}${setCode}${round === 2 ? SECOND_ROUND : ""}`;
  for (let i = 0; i < digits.length; i += 2) body += ALPHABET[digits[i] * WAYS + digits[i + 1]];
  return group(body + checksum(body));
}

// What a person might have typed: dashes and spaces gone, O for 0, I and L for 1.
/** @param {string} text */
export function normalise(text) {
  return text.toUpperCase().replace(/[-\s]/g, "").replace(/O/g, "0").replace(/[IL]/g, "1");
}

/**
 * A code read against the tally's sets: {set, places} or {problem}.
 * @param {string} text
 * @param {TallySet[]} sets
 * @returns {{set: TallySet, places: number[], round: 1 | 2, problem?: undefined} |
 *   {problem: string}}
 */
export function decode(text, sets) {
  const code = normalise(text);
  if (!code.startsWith(PREFIX) || code.length < PREFIX.length + 8 + 2) return { problem: "damaged" };
  const body = code.slice(0, -2);
  if (checksum(body) !== code.slice(-2)) return { problem: "damaged" };
  const setCode = body.slice(PREFIX.length, PREFIX.length + 8);
  const set = sets.find((s) => s.code === setCode);
  if (!set) {
    const other = sets.some((s) => s.code.slice(0, 4) === setCode.slice(0, 4));
    return { problem: other ? "otherVersion" : "damaged" };
  }
  let packed = body.slice(PREFIX.length + 8);
  const length = Math.ceil(set.cards.length / 2);
  /** @type {1 | 2} */
  let round = 1;
  if (packed.length === length + 1 && packed[0] === SECOND_ROUND) {
    round = 2;
    packed = packed.slice(1);
  }
  if (packed.length !== length) return { problem: "damaged" };
  const places = [];
  for (const char of packed) {
    const value = ALPHABET.indexOf(char);
    if (value < 0 || value >= WAYS * WAYS) return { problem: "damaged" };
    places.push(Math.floor(value / WAYS), value % WAYS);
  }
  places.length = set.cards.length;
  if (places.some((p, i) => p !== NONE && p >= set.cards[i].choices.length)) {
    return { problem: "damaged" };
  }
  return { set, round, places: places.map((p) => (p === NONE ? -1 : p)) };
}

// The most groups of four a code of these sets can have, and one word more that a
// chat may have stuck to it.
/** @param {TallySet[]} sets */
export function maxGroups(sets) {
  const longest = Math.max(0, ...sets.map((set) => Math.ceil(set.cards.length / 2)));
  return Math.ceil((PREFIX.length + 8 + 1 + longest + 2) / 4) + 1;
}

// A code found in running text may have taken a following word as a group
// ("... Z4R8 then"): the longest reading that checks out wins. Only as many groups
// as a code can have are tried, so a long run of text costs no more than a code.
/**
 * @param {string} text @param {TallySet[]} sets
 * @param {{decoded: number}} [counter] counts the readings tried
 */
export function read(text, sets, counter = { decoded: 0 }) {
  const groups = text.split(/[- ]/, maxGroups(sets));
  let first = null;
  for (let n = groups.length; n >= 3; n--) {
    counter.decoded++;
    const result = decode(groups.slice(0, n).join(""), sets);
    if (!result.problem) return result;
    first = first || result;
  }
  counter.decoded++;
  return first || decode(groups.join(""), sets);
}

/**
 * @typedef {Object} Reading
 * @property {{set: TallySet, places: number[], round: 1 | 2}[]} codes each different
 *   code once
 * @property {number} repeats codes read again (pasted twice, quoted, or alike answers)
 * @property {number} damaged
 * @property {number} otherVersion
 */

// Every code in a pasted chat, each counted once: the tally cannot tell a learner
// who pasted twice from two learners who answered alike, so it counts codes.
/**
 * @param {string} text @param {TallySet[]} sets
 * @param {{decoded: number}} [counter] @returns {Reading}
 */
export function readAll(text, sets, counter = { decoded: 0 }) {
  /** @type {Reading} */
  const reading = { codes: [], repeats: 0, damaged: 0, otherVersion: 0 };
  const seen = new Set();
  for (const [found] of text.matchAll(CODE_IN_TEXT)) {
    if (normalise(found.slice(0, 16)).length < 12) continue; // "CNXX is...": words
    const result = read(found, sets, counter);
    if (!("set" in result)) {
      reading[/** @type {"damaged" | "otherVersion"} */ (result.problem)]++;
      continue;
    }
    const key = `${result.set.code}:${result.round}:${result.places.join(",")}`;
    if (seen.has(key)) {
      reading.repeats++;
      continue;
    }
    seen.add(key);
    reading.codes.push(result);
  }
  return reading;
}

// -- the learner's code, on the set's summary ------------------------------------

/** @param {SummaryDetail} detail @param {Messages} messages */
export function showCode({ set, choices, extras, round }, messages) {
  const places = set.cards.map((card) => card.choices.indexOf(choices[card.id]));
  const code = encode(set.code, places, round);
  const text = el("code", { class: "con-set-code-text", text: code });
  const copy = el("button", { type: "button", class: "md-button con-set-copy",
    text: messages.t("set.copy") });
  const said = el("span", { class: "con-set-copied", role: "status" });
  copy.addEventListener("click", async () => {
    try {
      await navigator.clipboard.writeText(code);
      said.textContent = messages.t("set.copied");
    } catch {
      getSelection()?.selectAllChildren(text); // the learner copies it by hand
    }
  });
  extras.append(el("section", { class: "con-set-code" },
    el("h3", { text: messages.t(round === 2 ? "set.codeRound2" : "set.code") }),
    el("p", {}, text, " ", copy, " ", said),
    el("p", { text: messages.t("set.codeHelp") })));
}

/** @param {Document} document */
export function listen(document) {
  document.addEventListener(EVENTS.summary, (event) => {
    const lang = document.documentElement.lang || "en";
    showCode(/** @type {CustomEvent<SummaryDetail>} */ (event).detail,
      new Messages(globals().catalog || {}, lang));
  });
}
