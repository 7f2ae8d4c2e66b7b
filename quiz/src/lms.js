// Connect or Not in an LMS: reporting to it (SCORM 1.2 or 2004), built into
// quiz-lms.js, which only the LMS packages' pages load (after quiz.js).
//
// A separate part that listens: when the page runs inside an LMS (its SCORM API is
// found in a parent frame or the opener, as the run-time specifications say to
// look), it keeps the quiz set's progress in the LMS's suspend data (as the store's
// backend), records an interaction for every graded card (con:graded), reports the
// score and status when the set is finished (con:set-complete), commits at those
// points and terminates when the page goes. It learns the set from the set's own
// announcement (con:set-opened), never from the page. Without an LMS it does nothing.
import { STORE_VERSION } from "./contract.js";
import { EVENTS, Messages, el } from "./core.js";
import { backends } from "./store.js";

/** @typedef {import("./contract.js").SetProgress} SetProgress */
/** @typedef {import("./core.js").GradedDetail} GradedDetail */
/** @typedef {import("./core.js").SetInfo} SetInfo */
/** @typedef {import("./core.js").SetCompleteDetail} SetCompleteDetail */
/** @typedef {Record<string, (...args: string[]) => unknown>} ScormAPI */

// The SCORM run-time API in a frame above this one, or above the window that
// opened it (SCORM 1.2 RTE 3.3.6.1; SCORM 2004 RTE 3.1.2.1).
/** @param {string} name @param {Window} [here] @returns {ScormAPI | null} */
export function findAPI(name, here = window) {
  /** @param {Window | null} start */
  const search = (start) => {
    /** @type {any} */
    let win = start;
    for (let hops = 0; win && hops < 500; hops++) {
      try {
        if (win[name]) return win[name];
      } catch {
        return null; // a frame of another origin: not ours to search
      }
      if (!win.parent || win.parent === win) return null;
      win = win.parent;
    }
    return null;
  };
  return search(here) || (here.opener ? search(here.opener) : null);
}

/**
 * @typedef {Object} Dialect
 * @property {string} api
 * @property {Record<"init" | "get" | "set" | "commit" | "finish", string>} call
 * @property {string} response
 * @property {string} wrong
 * @property {string} suspend
 * @property {number} limit
 * @property {(get: (name: string) => string) => string} mastery
 * @property {string} exit
 * @property {string} exitDone
 * @property {string} sessionTime
 * @property {(seconds: number) => string} time
 * @property {(lms: LMS) => void} started
 * @property {(lms: LMS, result: {score: number, max: number, passed: boolean}) => void} finished
 */

// The two versions' calls and data model names, behind one interface.
/** @type {Record<"2004" | "1.2", Dialect>} */
export const DIALECTS = {
  "2004": {
    api: "API_1484_11",
    call: { init: "Initialize", get: "GetValue", set: "SetValue", commit: "Commit",
      finish: "Terminate" },
    response: "learner_response",
    wrong: "incorrect",
    suspend: "cmi.suspend_data",
    limit: 64000,
    mastery: (get) => get("cmi.scaled_passing_score"),
    exit: "cmi.exit",
    exitDone: "normal",
    sessionTime: "cmi.session_time",
    time: (seconds) => `PT${seconds.toFixed(2)}S`,
    started(lms) {
      const status = lms.get("cmi.completion_status");
      if (!status || status === "unknown" || status === "not attempted") {
        lms.set("cmi.completion_status", "incomplete");
      }
    },
    finished(lms, { score, max, passed }) {
      lms.set("cmi.score.min", "0");
      lms.set("cmi.score.max", String(max));
      lms.set("cmi.score.raw", String(score));
      lms.set("cmi.score.scaled", String(max ? round(score / max) : 0));
      lms.set("cmi.completion_status", "completed");
      lms.set("cmi.success_status", passed ? "passed" : "failed");
    },
  },
  "1.2": {
    api: "API",
    call: { init: "LMSInitialize", get: "LMSGetValue", set: "LMSSetValue",
      commit: "LMSCommit", finish: "LMSFinish" },
    response: "student_response",
    wrong: "wrong",
    suspend: "cmi.suspend_data",
    limit: 4096,
    mastery: (get) => {
      const percent = get("cmi.student_data.mastery_score");
      return percent === "" || percent === null ? "" : String(Number(percent) / 100);
    },
    exit: "cmi.core.exit",
    exitDone: "",
    sessionTime: "cmi.core.session_time",
    time: (seconds) => {
      /** @param {number} n */
      const pad = (n) => String(Math.floor(n)).padStart(2, "0");
      return `${pad(seconds / 3600).padStart(4, "0")}:${pad((seconds % 3600) / 60)}:` +
        `${pad(seconds % 60)}`;
    },
    started(lms) {
      const status = lms.get("cmi.core.lesson_status");
      if (!status || status === "not attempted") lms.set("cmi.core.lesson_status", "incomplete");
    },
    finished(lms, { score, max, passed }) {
      lms.set("cmi.core.score.min", "0");
      lms.set("cmi.core.score.max", String(max));
      lms.set("cmi.core.score.raw", String(score));
      lms.set("cmi.core.lesson_status", passed ? "passed" : "failed");
    },
  },
};

/** @param {number} number */
function round(number) {
  return Math.round(number * 10000) / 10000;
}

// What the learner is told when the LMS fails (message ids).
export const LMS_NOTICES = Object.freeze({
  notSaved: "lms.notSaved", // a call that records an answer or the score failed
  notStarted: "lms.notStarted", // the LMS is there but refused to start the session
});

export class LMS {
  /**
   * @param {ScormAPI} api @param {Dialect} dialect
   * @param {(notice: string) => void} [tell] tells the learner of a failure
   */
  constructor(api, dialect, tell = () => {}) {
    this.api = api;
    this.dialect = dialect;
    this.tell = tell;
    this.startedAt = Date.now();
    this.lastGraded = performance.now();
    /** @type {Map<string, number>} card -> interaction number, in this attempt */
    this.recorded = new Map();
    this.next = 0; // the next interaction number: the SCO numbers them itself
    this.failures = 0; // calls the LMS did not take, even on a second try
    this.finished = false;
    this.complete = false;
  }

  // One call to the API, tried again once if it throws or says it failed (SCORM
  // lets a SCO repeat a SetValue or a Commit). Returns whether the LMS took it.
  /** @param {"init" | "set" | "commit" | "finish"} call @param {string[]} args */
  call(call, ...args) {
    for (let attempt = 0; attempt < 2; attempt++) {
      try {
        const answer = this.api[this.dialect.call[call]](...args);
        if (answer === true || answer === "true") return true;
      } catch {
        // an LMS that throws is treated as one that answered "false"
      }
    }
    return false;
  }

  /** @param {string} name */
  get(name) {
    for (let attempt = 0; attempt < 2; attempt++) {
      try {
        return String(this.api[this.dialect.call.get](name) ?? "");
      } catch {
        // tried again once, then read as empty
      }
    }
    return "";
  }

  /** @param {string} name @param {string} value */
  set(name, value) {
    return this.saved(this.call("set", name, value));
  }

  commit() {
    return this.saved(this.call("commit", ""));
  }

  // A call the LMS did not take: the learner is told once, in plain words.
  /** @param {boolean} ok */
  saved(ok) {
    if (!ok && !this.failures++) this.tell(LMS_NOTICES.notSaved);
    return ok;
  }

  start() {
    if (!this.call("init", "")) {
      this.tell(LMS_NOTICES.notStarted);
      return false;
    }
    const count = Number(this.get("cmi.interactions._count"));
    this.next = Number.isInteger(count) && count > 0 ? count : 0;
    this.dialect.started(this);
    this.commit();
    return true;
  }

  // con:graded: one interaction per card and attempt; answering the card again in
  // the same attempt updates its interaction rather than adding one.
  /** @param {GradedDetail} detail */
  graded({ card, choice, credit, result, best }) {
    const known = this.recorded.get(card);
    const n = known ?? this.next++;
    const base = `cmi.interactions.${n}.`;
    if (known === undefined) {
      const now = performance.now();
      this.set(`${base}id`, card);
      this.set(`${base}type`, "choice");
      best.forEach((decision, i) => this.set(`${base}correct_responses.${i}.pattern`, decision));
      this.set(`${base}weighting`, "1");
      this.set(`${base}latency`, this.dialect.time((now - this.lastGraded) / 1000));
      this.lastGraded = now;
    }
    this.set(`${base}${this.dialect.response}`, choice);
    this.set(`${base}result`, result === "best" ? "correct" : result === "wrong"
      ? this.dialect.wrong : String(round(credit)));
    this.recorded.set(card, n);
    this.commit();
  }

  // con:set-complete: the score, passed or failed against the mastery score.
  /** @param {SetCompleteDetail} detail */
  setComplete({ score, max, set }) {
    const mastery = set.mastery;
    const fromLMS = this.dialect.mastery((name) => this.get(name));
    const given = fromLMS === "" ? NaN : Number(fromLMS);
    const needed = given >= 0 && given <= 1 ? given : mastery; // NaN fails both
    this.dialect.finished(this, { score: round(score), max,
      passed: max > 0 && score / max >= needed - 1e-9 });
    this.complete = true;
    this.recorded.clear(); // a retry is a new attempt, with interactions of its own
    this.commit();
  }

  finish() {
    if (this.finished) return;
    this.finished = true;
    this.set(this.dialect.exit, this.complete ? this.dialect.exitDone : "suspend");
    this.set(this.dialect.sessionTime, this.dialect.time((Date.now() - this.startedAt) / 1000));
    this.commit();
    this.call("finish", "");
  }
}

// The store's backend inside an LMS: the set's progress goes into the suspend data,
// packed to a few characters a card (SCORM 1.2 allows 4096 in all); anything else
// (answers on cards' own pages) lasts for the visit. When the LMS does not take the
// progress, this browser keeps a copy (localStorage), read back if the LMS has none.
export class SuspendBackend {
  /** @param {LMS} lms @param {import("./store.js").Backend} [local] */
  constructor(lms, local = backends.local()) {
    this.lms = lms;
    this.memory = backends.memory();
    this.local = local;
    /** @type {SetInfo | null} the set on this page, as it announced itself */
    this.quizSet = null;
  }

  /** @param {string} key */
  get(key) {
    const stored = this.memory.get(key);
    if (stored !== null) return stored;
    const packed = this.lms.get(this.lms.dialect.suspend);
    if (!this.quizSet) return null;
    const state = packed ? unpack(packed, this.quizSet) : this.localCopy(key);
    if (!state) return null;
    const data = { version: STORE_VERSION, answers: {}, sets: { [this.quizSet.id]: state } };
    this.memory.set(key, JSON.stringify(data));
    return this.memory.get(key);
  }

  /** @param {string} key @param {string} value */
  set(key, value) {
    this.memory.set(key, value);
    const set = this.quizSet;
    const state = set && JSON.parse(value).sets[set.id];
    if (!set || !state) return;
    const packed = pack(state, set);
    if (packed.length > this.lms.dialect.limit) return; // cannot happen below 2000 cards
    const saved = this.lms.set(this.lms.dialect.suspend, packed) && this.lms.commit();
    try {
      if (saved) this.local.remove(localKey(key, set));
      else this.local.set(localKey(key, set), packed);
    } catch {
      // no local storage either: the page's memory keeps it for this visit
    }
  }

  /** @param {string} key */
  remove(key) {
    this.memory.remove(key);
    this.lms.set(this.lms.dialect.suspend, "");
    this.lms.commit();
  }

  // The copy this browser kept when the LMS did not take the progress.
  /** @param {string} key @returns {SetProgress | null} */
  localCopy(key) {
    const set = /** @type {SetInfo} */ (this.quizSet);
    try {
      const packed = this.local.get(localKey(key, set));
      return packed ? unpack(packed, set) : null;
    } catch {
      return null;
    }
  }
}

/** @param {string} key @param {SetInfo} set */
const localKey = (key, set) => `${key}:lms:${set.id}:${set.code}`;

// "1:<index>:<one character per card>": the card's choice as its place among the
// card's choices (0-9, a-z), "-" if not answered; points come from the answer key.
/** @param {SetProgress} state @param {SetInfo} set */
export function pack(state, set) {
  const codes = set.cards.map(({ id, choices }) => {
    const at = choices.indexOf(state.choices[id]);
    return at < 0 ? "-" : at.toString(36);
  });
  return `1:${state.index}:${codes.join("")}`;
}

/** @param {string} packed @param {SetInfo} set @returns {SetProgress | null} */
export function unpack(packed, set) {
  const match = /^1:(\d+):([0-9a-z-]*)$/.exec(packed);
  if (!match || match[2].length !== set.cards.length) return null;
  /** @type {SetProgress} */
  const state = { index: Math.min(Number(match[1]), set.cards.length), results: {},
    choices: {} };
  set.cards.forEach(({ id, choices, credit }, i) => {
    const code = match[2][i];
    if (code === "-") return;
    const choice = choices[parseInt(code, 36)];
    if (!choice || !Object.hasOwn(credit, choice)) return;
    state.choices[id] = choice;
    state.results[id] = credit[choice];
  });
  return state;
}

// The package's own page shown over the quiz page (see Detours): it reads, and
// leaves the session to the quiz page under it.
/** @param {Window} here */
function overQuiz(here) {
  try {
    return here.parent !== here && Boolean(/** @type {any} */ (here.parent).ConnectOrNot?.detours);
  } catch {
    return false; // the LMS's own frame, of another origin
  }
}

/** @param {Window} here @param {(notice: string) => void} tell */
function connect(here, tell) {
  for (const version of /** @type {const} */ (["2004", "1.2"])) {
    const api = findAPI(DIALECTS[version].api, here);
    if (!api) continue;
    const lms = new LMS(api, DIALECTS[version], tell);
    if (!lms.start()) return null;
    return lms;
  }
  return null;
}

// The SCO is one page, and its LMS session lasts as long as that page. A link to
// another of the package's pages (a card's "Read the guide section", the summary's
// "Review this in the guide") opens over the quiz, in a frame with a way back, so the
// quiz page, its session and the set's place stay; a link out of the package opens
// in a new tab. Links with a modifier key, or that open elsewhere already, are left.
export class Detours {
  /** @param {Window} here @param {URL} root the package's root @param {Messages} messages */
  constructor(here, root, messages) {
    this.here = here;
    this.root = root;
    this.messages = messages;
    /** @type {HTMLDialogElement | null} */
    this.dialog = null;
    /** @type {HTMLElement | null} where focus goes back to */
    this.from = null;
    here.addEventListener("click", (event) => this.clicked(event), true);
  }

  /** @param {MouseEvent} event */
  clicked(event) {
    const target = /** @type {Element} */ (event.target);
    const link = /** @type {HTMLAnchorElement | null} */ (target.closest && target.closest("a[href]"));
    if (!link || event.defaultPrevented || event.button !== 0 || event.metaKey ||
      event.ctrlKey || event.shiftKey || event.altKey || link.target || link.hasAttribute("download")) {
      return;
    }
    const url = new URL(link.href, this.here.location.href);
    const here = new URL(this.here.location.href);
    if (url.origin === here.origin && url.pathname === here.pathname) return; // on this page
    if (url.origin !== here.origin || !url.pathname.startsWith(this.root.pathname)) {
      link.target = "_blank"; // out of the package: the quiz stays
      link.rel = "noopener";
      return;
    }
    event.preventDefault();
    event.stopImmediatePropagation(); // not Material's instant navigation either
    this.open(url.href, link);
  }

  /** @param {string} url @param {HTMLElement} from */
  open(url, from) {
    const doc = this.here.document;
    this.from = from;
    if (!this.dialog) {
      const heading = el("h2", { id: "con-detour-title", class: "con-detour-title",
        text: this.messages.t("lms.detourTitle") });
      const back = el("button", { type: "button", class: "con-detour-back",
        text: this.messages.t("lms.back") });
      back.addEventListener("click", () => this.close());
      this.dialog = el("dialog", { class: "con-detour", "aria-labelledby": heading.id },
        el("div", { class: "con-detour-bar" }, heading, back),
        el("iframe", { class: "con-detour-frame", title: this.messages.t("lms.detourFrame") }));
      this.dialog.addEventListener("close", () => this.closed());
      doc.body.append(this.dialog);
    }
    const frame = /** @type {HTMLIFrameElement} */ (this.dialog.querySelector("iframe"));
    frame.src = url;
    if (typeof this.dialog.showModal === "function") this.dialog.showModal();
    else this.dialog.open = true;
    const back = /** @type {HTMLElement} */ (this.dialog.querySelector("button"));
    back.focus();
    // The LMS's frame may be taller than its window, and scrolled: the page over the
    // quiz starts at the frame's top, which is brought into the learner's view (a
    // SCORM package shares the LMS's origin; elsewhere there is no frame to reach).
    try {
      this.here.frameElement?.scrollIntoView({ block: "start" });
    } catch {
      // another origin's frame: left where it is
    }
  }

  close() {
    if (!this.dialog) return;
    if (typeof this.dialog.close === "function") this.dialog.close();
    else {
      this.dialog.open = false;
      this.closed();
    }
  }

  closed() {
    const frame = this.dialog && this.dialog.querySelector("iframe");
    if (frame) frame.removeAttribute("src");
    if (this.from && this.from.isConnected) this.from.focus();
  }
}

// A page shown over the quiz: a link back to the quiz page, or Escape, closes it.
/** @param {Window} here */
function returnToQuiz(here) {
  const quiz = /** @type {any} */ (here.parent);
  const back = () => quiz.ConnectOrNot.detours && quiz.ConnectOrNot.detours.close();
  here.addEventListener("click", (event) => {
    const target = /** @type {Element} */ (event.target);
    const link = /** @type {HTMLAnchorElement | null} */ (target.closest && target.closest("a[href]"));
    if (!link || new URL(link.href).pathname !== quiz.location.pathname) return;
    event.preventDefault();
    event.stopImmediatePropagation();
    back();
  }, true);
  here.addEventListener("keydown", (event) => {
    if (event.key === "Escape") back();
  });
}

// Inside an LMS, report to it: quiz-lms.js calls this before the page is wired.
/** @param {Window} here @param {URL} [root] the package's root @returns {LMS | null} */
export function reportToLMS(here, root) {
  const CON = /** @type {any} */ (here).ConnectOrNot;
  // Told once the page's store knows its backend: telling creates the store.
  /** @type {string[] | null} */
  let waiting = [];
  const tell = (/** @type {string} */ notice) => {
    if (waiting) waiting.push(notice);
    else if (CON.notice) CON.notice(notice);
  };
  const flush = () => {
    const told = waiting || [];
    waiting = null;
    told.forEach(tell);
  };
  if (overQuiz(here)) {
    returnToQuiz(here);
    return null;
  }
  const lms = connect(here, tell);
  const document = here.document;
  if (!lms) {
    flush(); // a failed start leaves the page as the site, progress in this browser
    // A cmi5 package has no SCORM API: its session is the page's too (xapi.js).
    if (root && CON.records?.cmi5) {
      const messages = new Messages(CON.catalog || {}, document.documentElement.lang || "en");
      CON.detours = new Detours(here, root, messages);
    }
    return null;
  }
  const backend = new SuspendBackend(lms);
  CON.lms = lms;
  CON.backend = CON.backend || backend;
  flush();
  document.addEventListener(EVENTS.setOpened, (event) => {
    backend.quizSet = /** @type {CustomEvent<{set: SetInfo}>} */ (event).detail.set;
  });
  document.addEventListener(EVENTS.graded, (event) =>
    lms.graded(/** @type {CustomEvent<GradedDetail>} */ (event).detail));
  document.addEventListener(EVENTS.setComplete, (event) =>
    lms.setComplete(/** @type {CustomEvent<SetCompleteDetail>} */ (event).detail));
  here.addEventListener("pagehide", () => lms.finish());
  if (root) {
    const messages = new Messages(CON.catalog || {}, document.documentElement.lang || "en");
    CON.detours = new Detours(here, root, messages);
  }
  return lms;
}
