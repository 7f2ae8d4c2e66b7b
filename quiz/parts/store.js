// Connect or Not quiz engine, part 2 of 7: the learner's progress (StoreData).
//
// One JSON record per site, on a backend with get/set/remove: localStorage by
// default, memory for tests, and any other (an LMS, say) that a page supplies as
// window.ConnectOrNot.backend. Problems (storage blocked, full, unreadable, newer)
// become notices, message ids that the progress part shows in the learner's words.
(() => {
"use strict";

const CON = globalThis.ConnectOrNot;
const STORE_VERSION = 1;
const EXPORT_FORMAT = "connect-or-not-progress";

const backends = {
  local: () => ({
    get: (key) => localStorage.getItem(key),
    set: (key, value) => localStorage.setItem(key, value),
    remove: (key) => localStorage.removeItem(key),
  }),
  memory: () => {
    const items = new Map();
    return {
      get: (key) => (items.has(key) ? items.get(key) : null),
      set: (key, value) => void items.set(key, String(value)),
      remove: (key) => void items.delete(key),
    };
  },
};

/** @returns {StoreData} */
function emptyStore() {
  return { version: STORE_VERSION, answers: {}, sets: {} };
}

// Version 0 (before versioning) had only `answers`; it is migrated on read.
function isStore(value) {
  return Boolean(value) && typeof value === "object" && !Array.isArray(value) &&
    (value.version === undefined || Number.isInteger(value.version)) &&
    Boolean(value.answers) && typeof value.answers === "object" && !Array.isArray(value.answers);
}

function isRecord(value) {
  return Boolean(value) && typeof value === "object" && !Array.isArray(value);
}

// Set attempts as SetProgress, whatever was stored or imported: a malformed one is
// dropped (that set starts afresh), and `choices` (added later) is filled in.
function cleanSets(sets) {
  const clean = {};
  for (const [id, state] of Object.entries(isRecord(sets) ? sets : {})) {
    if (!isRecord(state) || !Number.isInteger(state.index) || state.index < 0) continue;
    const results = {};
    for (const [card, credit] of Object.entries(isRecord(state.results) ? state.results : {})) {
      if (typeof credit === "number" && credit >= 0 && credit <= 1) results[card] = credit;
    }
    const choices = {};
    for (const [card, choice] of Object.entries(isRecord(state.choices) ? state.choices : {})) {
      if (typeof choice === "string") choices[card] = choice;
    }
    clean[id] = { index: state.index, results, choices };
  }
  return clean;
}

// Stores written before `sets` existed, or with missing fields, are filled in.
function migrate(value) {
  return { version: STORE_VERSION, answers: value.answers, sets: cleanSets(value.sets) };
}

// Keeps the newer of two answers to a card; returns how many were taken.
function mergeAnswers(target, answers) {
  let count = 0;
  for (const [id, answer] of Object.entries(answers || {})) {
    if (!answer || typeof answer.choice !== "string" || typeof answer.credit !== "number") continue;
    const mine = target[id];
    if (!mine || (answer.at || 0) > (mine.at || 0)) {
      target[id] = answer;
      count++;
    }
  }
  return count;
}

class Store extends EventTarget {
  constructor(key, backend) {
    super();
    this.key = key;
    this.backend = backend;
    this.readOnly = false; // set when the stored data must not be overwritten
    this.notices = new Set();
  }

  notice(id) {
    if (this.notices.has(id)) return;
    this.notices.add(id);
    this.dispatchEvent(new Event("change"));
  }

  /** @returns {StoreData} */
  read() {
    let raw;
    try {
      raw = this.backend.get(this.key);
    } catch {
      this.readOnly = true;
      this.notice("storage.blocked");
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

  setAside(raw) {
    try {
      this.backend.set(`${this.key}:unreadable:${Date.now()}`, raw);
      this.backend.remove(this.key);
    } catch {
      // Nothing more we can do; the notice still tells the learner.
    }
    this.notice("storage.unreadable");
  }

  // Merge with what another tab may have written since, then save.
  write(update) {
    const store = this.read();
    update(store);
    if (this.readOnly) return store;
    try {
      this.backend.set(this.key, JSON.stringify(store));
    } catch {
      this.notice("storage.full");
    }
    this.dispatchEvent(new Event("change"));
    return store;
  }

  reset() {
    try {
      this.backend.remove(this.key);
    } catch {
      // storage disabled: there is nothing stored to forget
    }
    this.dispatchEvent(new Event("change"));
  }

  /** @returns {ExportData} */
  exportData(site) {
    const store = this.read();
    return { format: EXPORT_FORMAT, version: STORE_VERSION, site,
      exported: new Date().toISOString(), answers: store.answers, sets: store.sets };
  }

  // An export file's answers merged in: {count}, or {error} as a message id.
  importData(data) {
    if (!data || data.format !== EXPORT_FORMAT || !isStore(data)) {
      return { error: "progress.notAnExport" };
    }
    if ((data.version || 0) > STORE_VERSION) return { error: "progress.newerExport" };
    let count = 0;
    this.write((store) => {
      count = mergeAnswers(store.answers, data.answers);
      Object.assign(store.sets, cleanSets(data.sets));
    });
    return { count };
  }
}

Object.assign(CON, { Store, backends, storeFormat: { STORE_VERSION, EXPORT_FORMAT, emptyStore,
  isStore, migrate, mergeAnswers, cleanSets } });
})();
