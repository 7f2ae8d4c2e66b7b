// Connect or Not quiz engine: result codes.
//
// A separate part that listens: when a set's summary is shown (con:summary), it
// adds the learner's result code: the set's code (SetConfig.code: the set and the
// course version), the learner's choice on each card, and a checksum, in letters
// and digits that can be read aloud (contract.RESULT_CODE_ALPHABET), then the
// learner's tag: four random characters this browser keeps with its attempts at the
// set (SetProgress.learner), so that the tally tells two learners who answered alike
// from one code pasted twice. No personal data is in it. The trainer's tally page
// (tally-page.js) reads them. Codes from before the tag (no four characters more)
// still read: each different one counts once, as they always did.
import { LEARNER_TAG_LENGTH as TAG_LENGTH, MAX_CHOICES, RESULT_CODE_ALPHABET as ALPHABET }
  from "./contract.js";
import { EVENTS, Messages, el, globals } from "./core.js";
import { LEARNER_TAG } from "./store.js";

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
 * A result code: two cards a character (WAYS each: the choice's place, or none),
 * then the learner's tag ("" writes a code as before tags).
 * @param {string} setCode SetConfig.code
 * @param {number[]} places each card's chosen place among its choices, or -1
 * @param {1 | 2} [round]
 * @param {string} [tag] the learner's tag (TAG)
 */
export function encode(setCode, places, round = 1, tag = "") {
  const digits = places.map((place) => (place >= 0 && place < NONE ? place : NONE));
  if (digits.length % 2) digits.push(NONE);
  let body = `${PREFIX}${setCode}${round === 2 ? SECOND_ROUND : ""}`;
  for (let i = 0; i < digits.length; i += 2) body += ALPHABET[digits[i] * WAYS + digits[i + 1]];
  body += tag;
  return group(body + checksum(body));
}

// Letters of other alphabets that look like the code's (a phone's keyboard, a chat that
// "corrects" text): Cyrillic and Greek capitals and small letters, read as the Latin.
/** @param {string} from @param {string} to @returns {[string, string][]} */
const pairs = (from, to) => [...from].map((c, i) => [c, to[i]]);
const LOOK_ALIKES = new Map([...pairs("АВСЕНКМОРТХУЅІЈ", "ABCEHKMOPTXYSIJ"),
  ...pairs("авсенкмортхуѕіј", "abcehkmoptxysij"), ...pairs("ΑΒΕΖΗΙΚΜΝΟΡΤΥΧ", "ABEZHIKMNOPTYX"),
  ...pairs("οκνρτυχ", "oknptux")]);
const OTHER_ALPHABETS = new RegExp(`[${[...LOOK_ALIKES.keys()].join("")}]`, "g");

// Text as the tally reads it: fullwidth and other compatibility forms as plain
// letters and digits (NFKC), and look-alike letters of other alphabets as Latin ones.
/** @param {string} text */
export function fold(text) {
  return text.normalize("NFKC").replace(OTHER_ALPHABETS, (c) => LOOK_ALIKES.get(c) || c);
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
 * @returns {{set: TallySet, places: number[], round: 1 | 2, tag: string, problem?: undefined} |
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
  // The lengths tell the four forms apart: L, L + 1 (round 2), L + 4 and L + 5 (tagged).
  let tag = "";
  if (packed.length === length + TAG_LENGTH || packed.length === length + TAG_LENGTH + 1) {
    tag = packed.slice(-TAG_LENGTH);
    packed = packed.slice(0, -TAG_LENGTH);
  }
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
  return { set, round, tag, places: places.map((p) => (p === NONE ? -1 : p)) };
}

// The most groups of four a code of these sets can have, and one word more that a
// chat may have stuck to it.
/** @param {TallySet[]} sets */
export function maxGroups(sets) {
  const longest = Math.max(0, ...sets.map((set) => Math.ceil(set.cards.length / 2)));
  return Math.ceil((PREFIX.length + 8 + 1 + longest + TAG_LENGTH + 2) / 4) + 1;
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
 * @typedef {Object} Row a learner's answers in one round
 * @property {TallySet} set
 * @property {number[]} places
 * @property {1 | 2} round
 * @property {string} learner who answered: the tag, or (an untagged code) the code
 */

/**
 * @typedef {Object} Reading
 * @property {Row[]} codes one per learner and round: a learner's last code
 * @property {number} learners different learners, over both rounds
 * @property {number} repeats lines whose learner was already read in that round (a
 *   code pasted twice or quoted; a learner who tried again counts by the later code)
 * @property {number} damaged
 * @property {number} otherVersion
 */

// Every code in a pasted chat, one per learner and round. A tagged code names its
// learner; an untagged one (from before tags) can only be told by its answers, so
// each different one counts once.
/**
 * @param {string} text @param {TallySet[]} sets
 * @param {{decoded: number}} [counter] @returns {Reading}
 */
export function readAll(text, sets, counter = { decoded: 0 }) {
  /** @type {Map<string, Row>} */
  const rows = new Map();
  const reading = { learners: 0, repeats: 0, damaged: 0, otherVersion: 0 };
  for (const [found] of fold(text).matchAll(CODE_IN_TEXT)) {
    if (normalise(found.slice(0, 16)).length < 12) continue; // "CNXX is...": words
    const result = read(found, sets, counter);
    if (!("set" in result)) {
      reading[/** @type {"damaged" | "otherVersion"} */ (result.problem)]++;
      continue;
    }
    const { set, places, round, tag } = result;
    const learner = tag || `untagged:${round}:${places.join(",")}`;
    const key = `${set.code}:${round}:${learner}`;
    if (rows.has(key)) reading.repeats++;
    rows.set(key, { set, places, round, learner }); // a later code of a learner stands
  }
  const codes = [...rows.values()];
  return { ...reading, codes, learners: learners(codes) };
}

// How many learners some rows are: a tag once over both rounds; untagged codes, the
// larger of their set's two rounds (they cannot be matched across rounds).
/** @param {Row[]} rows */
export function learners(rows) {
  const tagged = new Set();
  /** @type {Map<string, number[]>} */
  const untagged = new Map();
  for (const row of rows) {
    if (!row.learner.startsWith("untagged:")) {
      tagged.add(`${row.set.code}:${row.learner}`);
      continue;
    }
    const counts = untagged.get(row.set.code) || [0, 0];
    counts[row.round - 1]++;
    untagged.set(row.set.code, counts);
  }
  return [...untagged.values()].reduce((sum, counts) => sum + Math.max(...counts), tagged.size);
}

// -- the learner's code, on the set's summary ------------------------------------

/** @param {SummaryDetail} detail @param {Messages} messages */
export function showCode({ set, choices, extras, round, learner }, messages) {
  const places = set.cards.map((card) => card.choices.indexOf(choices[card.id]));
  const code = encode(set.code, places, round, LEARNER_TAG.test(learner) ? learner : "");
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
