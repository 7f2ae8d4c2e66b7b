// Connect or Not quiz engine: the learner's progress (StoreData).
//
// One JSON record per site, on a backend with get/set/remove: localStorage by
// default, memory for tests, and any other (an LMS, say) that a page supplies as
// window.ConnectOrNot.backend. Problems (storage blocked, full, unreadable, newer)
// become notices, message ids that the progress part shows in the learner's words.
import { EXPORT_FORMAT, ID_PATTERN, LEARNER_TAG_LENGTH, RESULT_CODE_ALPHABET, STORE_VERSION }
  from "./contract.js";

/** @typedef {import("./contract.js").StoreData} StoreData */
/** @typedef {import("./contract.js").Answer} Answer */
/** @typedef {import("./contract.js").SetProgress} SetProgress */
/** @typedef {import("./contract.js").ExportData} ExportData */

/**
 * @typedef {Object} Backend
 * @property {(key: string) => string | null} get
 * @property {(key: string, value: string) => void} set
 * @property {(key: string) => void} remove
 */

/** @type {{local: () => Backend, memory: () => Backend}} */
export const backends = {
  local: () => ({
    get: (key) => localStorage.getItem(key),
    set: (key, value) => localStorage.setItem(key, value),
    remove: (key) => localStorage.removeItem(key),
  }),
  memory: () => {
    /** @type {Map<string, string>} */
    const items = new Map();
    return {
      get: (key) => items.get(key) ?? null,
      set: (key, value) => void items.set(key, String(value)),
      remove: (key) => void items.delete(key),
    };
  },
};

/** @returns {StoreData} */
export function emptyStore() {
  return { version: STORE_VERSION, answers: {}, sets: {} };
}

// Version 0 (before versioning) had only `answers`; it is migrated on read.
/** @param {any} value @returns {boolean} */
export function isStore(value) {
  return Boolean(value) && typeof value === "object" && !Array.isArray(value) &&
    (value.version === undefined || Number.isInteger(value.version)) &&
    Boolean(value.answers) && typeof value.answers === "object" && !Array.isArray(value.answers);
}

/** @param {any} value @returns {value is Record<string, any>} */
function isRecord(value) {
  return Boolean(value) && typeof value === "object" && !Array.isArray(value);
}

const MAX_SET_CARDS = 10000; // far beyond any set: a bigger place is not one

// Card and set ids are slugs: anything else ("__proto__", "constructor") is dropped.
const ID = new RegExp(ID_PATTERN);
// The learner's tag in a set's result codes (SetProgress.learner).
export const LEARNER_TAG = new RegExp(`^[${RESULT_CODE_ALPHABET}]{${LEARNER_TAG_LENGTH}}$`);

// A new learner's tag, from the browser's random numbers (256 is a multiple of 32).
export function newTag() {
  const values = crypto.getRandomValues(new Uint8Array(LEARNER_TAG_LENGTH));
  return [...values].map((value) => RESULT_CODE_ALPHABET[value % 32]).join("");
}

/** @param {unknown} value @returns {[string, any][]} */
function entries(value) {
  return Object.entries(isRecord(value) ? value : {}).filter(([id]) => ID.test(id));
}

// Set attempts as SetProgress, whatever was stored or imported: a malformed one is
// dropped (that set starts afresh), and `choices` (added later) is filled in.
/** @param {unknown} sets @returns {Record<string, SetProgress>} */
export function cleanSets(sets) {
  /** @type {Record<string, SetProgress>} */
  const clean = {};
  for (const [id, state] of entries(sets)) {
    if (!isRecord(state) || !Number.isInteger(state.index) || state.index < 0 ||
      state.index > MAX_SET_CARDS) continue;
    /** @type {Record<string, number>} */
    const results = {};
    for (const [card, credit] of entries(state.results)) {
      if (typeof credit === "number" && credit >= 0 && credit <= 1) results[card] = credit;
    }
    /** @type {Record<string, string>} */
    const choices = {};
    for (const [card, choice] of entries(state.choices)) {
      if (typeof choice === "string" && DECISION.test(choice)) choices[card] = choice;
    }
    clean[id] = { index: state.index, results, choices, ...(state.round === 2 ? { round: 2 } : {}),
      ...(typeof state.learner === "string" && LEARNER_TAG.test(state.learner)
        ? { learner: state.learner } : {}) };
  }
  return clean;
}

const RESULTS = ["best", "partial", "wrong"];
const DECISION = /^[a-z][a-z_]{0,39}$/; // a decision's id, as the vocabulary writes them

// A card's answer as the store keeps it: a decision's id, its credit (0 to 1), its
// result and when it was given. Anything else is not an answer.
/** @param {unknown} answer @returns {answer is Answer} */
export function isAnswer(answer) {
  return isRecord(answer) && typeof answer.choice === "string" && DECISION.test(answer.choice) &&
    typeof answer.credit === "number" && answer.credit >= 0 && answer.credit <= 1 &&
    RESULTS.includes(answer.result) && (answer.at === undefined ||
      (Number.isFinite(answer.at) && answer.at >= 0));
}

// Stores written before `sets` existed, or with missing fields, are filled in; an
// answer that is not one is left out (the card then shows no answer, never throws).
/** @param {any} value @returns {StoreData} */
export function migrate(value) {
  /** @type {Record<string, Answer>} */
  const answers = {};
  for (const [id, answer] of entries(value.answers)) if (isAnswer(answer)) answers[id] = answer;
  return { version: STORE_VERSION, answers, sets: cleanSets(value.sets) };
}

// Whether an export file is sound throughout: every answer an answer, every set
// attempt well formed. One damaged entry and the file is refused whole.
/** @param {Record<string, any>} data */
function soundExport(data) {
  const sets = isRecord(data.sets) ? data.sets : {};
  if (data.sets !== undefined && !isRecord(data.sets)) return false;
  const clean = cleanSets(sets);
  return Object.entries(data.answers).every(([id, answer]) => ID.test(id) && isAnswer(answer)) &&
    Object.entries(sets).every(([id, state]) => ID.test(id) && Object.hasOwn(clean, id) &&
      Object.keys(clean[id].results).length === Object.keys(state.results || {}).length &&
      Object.keys(clean[id].choices).length === Object.keys(state.choices || {}).length);
}

// Keeps the newer of two answers to a card; returns how many were taken. A time
// after now (a clock far ahead, or an edited file: `at` 1e300) counts as now, so
// that it never outweighs every answer given after it.
/** @param {Record<string, Answer>} target @param {unknown} answers @param {number} [now] */
export function mergeAnswers(target, answers, now = Date.now()) {
  let count = 0;
  for (const [id, answer] of entries(answers)) {
    if (!isAnswer(answer)) continue;
    const at = Math.min(answer.at || 0, now);
    const mine = Object.hasOwn(target, id) ? target[id] : null;
    if (!mine || at > (mine.at || 0)) {
      target[id] = { ...answer, ...(answer.at === undefined ? {} : { at }) };
      count++;
    }
  }
  return count;
}

// Keeps the further of two attempts at a set (more cards answered, then further
// on); returns how many were taken, and adds the answers they hold to `taken`.
/**
 * @param {Record<string, SetProgress>} target @param {unknown} sets
 * @param {{answers: number}} [taken]
 */
export function mergeSets(target, sets, taken = { answers: 0 }) {
  /** @param {SetProgress} state */
  const done = (state) => Object.keys(state.results).length * 1000 + state.index;
  let count = 0;
  for (const [id, state] of Object.entries(cleanSets(sets))) {
    if (!Object.hasOwn(target, id) || done(state) > done(target[id])) {
      target[id] = state;
      taken.answers += Object.keys(state.choices).length;
      count++;
    }
  }
  return count;
}

export class Store extends EventTarget {
  /** @param {string} key @param {Backend} backend */
  constructor(key, backend) {
    super();
    this.key = key;
    this.backend = backend;
    this.readOnly = false; // set when the stored data must not be overwritten
    this.visitOnly = false; // set when the browser keeps nothing: memory for this visit
    /** @type {Set<string>} message ids */
    this.notices = new Set();
    /** @type {StoreData | null} what this tab last wrote, to merge back after another tab's save */
    this.last = null;
  }

  /** @param {string} id */
  notice(id) {
    if (this.notices.has(id)) return;
    this.notices.add(id);
    this.dispatchEvent(new Event("change"));
  }

  // The browser refuses to keep anything (blocked, or full): keep the progress in
  // this page's memory, so that sets and imports still work for this visit.
  /** @param {StoreData} data @param {string} notice */
  keepInMemory(data, notice) {
    this.visitOnly = true;
    this.backend = backends.memory();
    this.backend.set(this.key, JSON.stringify(data));
    this.notice(notice);
  }

  /** @returns {StoreData} */
  read() {
    let raw;
    try {
      raw = this.backend.get(this.key);
    } catch {
      this.keepInMemory(emptyStore(), "storage.blocked");
      return emptyStore();
    }
    if (raw === null || raw === undefined) return emptyStore();
    let value;
    try {
      value = JSON.parse(raw);
    } catch {
      value = null;
    }
    if (!isStore(value)) {
      this.setAside(raw);
      return emptyStore();
    }
    if ((value.version || 0) > STORE_VERSION) {
      this.readOnly = true;
      this.notice("storage.newer");
      return emptyStore();
    }
    return migrate(value);
  }

  // Unreadable progress is moved aside under another key. If there is no room for
  // the copy, the original stays where it is, untouched, and this visit runs in
  // memory: nothing the learner had is ever overwritten.
  /** @param {string} raw */
  setAside(raw) {
    try {
      this.backend.set(`${this.key}:unreadable:${Date.now()}`, raw);
    } catch {
      this.keepInMemory(emptyStore(), "storage.unreadableKept");
      return;
    }
    try {
      this.backend.remove(this.key);
    } catch {
      // the copy is safe; the original is overwritten by the next answer
    }
    this.notice("storage.unreadable");
  }

  // Merge with what another tab may have written since, then save. Returns the
  // data, and whether the browser kept it (`saved`).
  /** @param {(store: StoreData) => void} update @returns {StoreData & {saved?: boolean}} */
  write(update) {
    const store = this.read();
    update(store);
    if (this.readOnly) return Object.defineProperty(store, "saved", { value: false });
    let saved = true;
    try {
      this.backend.set(this.key, JSON.stringify(store));
    } catch {
      saved = false;
      this.keepInMemory(store, "storage.full");
    }
    this.last = store;
    this.dispatchEvent(new Event("change"));
    return Object.defineProperty(store, "saved", { value: saved && !this.visitOnly });
  }

  // Another tab saved (the browser's storage event): if its copy lacks what this
  // tab wrote a moment before (both read, both wrote), merge it back in.
  reconcile() {
    const mine = this.last;
    if (!mine || this.readOnly) return;
    const theirs = this.read();
    const lost = mergeAnswers({ ...theirs.answers }, mine.answers) +
      mergeSets({ ...theirs.sets }, mine.sets);
    if (lost) {
      this.write((store) => {
        mergeAnswers(store.answers, mine.answers);
        mergeSets(store.sets, mine.sets);
      });
    } else {
      this.dispatchEvent(new Event("change"));
    }
  }

  reset() {
    try {
      this.backend.remove(this.key);
    } catch {
      // storage disabled: there is nothing stored to forget
    }
    this.last = null;
    this.dispatchEvent(new Event("change"));
  }

  /** @param {string} site @returns {ExportData} */
  exportData(site) {
    const store = this.read();
    return { format: EXPORT_FORMAT, version: STORE_VERSION, site,
      exported: new Date().toISOString(), answers: store.answers, sets: store.sets };
  }

  // An export file's answers and set attempts merged in: {count, sets, visitOnly},
  // or {error} as a message id.
  // Checked strictly: the file must be this course's export (its `site`), and sound
  // throughout, or nothing is taken.
  // `count` counts answers as an export does: on cards' own pages and in sets
  // (`inSets` of them).
  /** @param {any} data @param {string} [site] this course's site @returns {{count?: number, inSets?: number, sets?: number, visitOnly?: boolean, error?: string}} */
  importData(data, site) {
    if (!data || data.format !== EXPORT_FORMAT || !isStore(data) ||
      (data.version !== undefined && !Number.isInteger(data.version))) {
      return { error: "progress.notAnExport" };
    }
    if ((data.version || 0) > STORE_VERSION) return { error: "progress.newerExport" };
    if (site !== undefined && data.site !== site) return { error: "progress.otherCourse" };
    if (!soundExport(data)) return { error: "progress.damagedExport" };
    let count = 0;
    let sets = 0;
    const taken = { answers: 0 };
    const result = this.write((store) => {
      count = mergeAnswers(store.answers, data.answers);
      sets = mergeSets(store.sets, data.sets, taken);
    });
    if (this.readOnly) return { error: "storage.newer" };
    return { count: count + taken.answers, inSets: taken.answers, sets, visitOnly: !result.saved };
  }
}
