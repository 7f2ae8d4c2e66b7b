// Connect or Not: learning records (xAPI statements) to an LRS, built into
// quiz-xapi.js, which pages load only when the course has one (`lrs:` in mkdocs.yml)
// or is a cmi5 package. Without it, nothing of this file is loaded or sent.
//
// A separate part that listens: every graded card (con:graded) is an "answered"
// statement, a finished set (con:set-complete) a "completed" and a "passed" or
// "failed" one. Statements go to an outbox in IndexedDB first, then to the LRS, so
// that an LRS that is down or answers an error loses nothing: they wait, are sent
// again when it answers (on this page, or on the next one), and each is stored once,
// by its id (a statement the LRS already holds answers 409 or 204, and leaves the
// outbox). While records wait, the learner is told, in one short line.
//
// In a cmi5 package the LMS launches the set's page with the cmi5 parameters
// (endpoint, fetch, registration, activityId, actor): the page fetches its token,
// reads LMS.LaunchData, and records initialized ... terminated as cmi5 asks.
import { XAPI } from "./contract-records.js";
import { EVENTS, Messages, el, globals } from "./core.js";

/** @typedef {import("./contract.js").RecordsConfig} RecordsConfig */
/** @typedef {import("./core.js").GradedDetail} GradedDetail */
/** @typedef {import("./core.js").SetInfo} SetInfo */
/** @typedef {import("./core.js").SetCompleteDetail} SetCompleteDetail */
/** @typedef {Record<string, any>} Statement */
/**
 * A statement waiting in the outbox, with where it goes.
 * @typedef {Object} Waiting
 * @property {number} [seq] the outbox's key: the order statements were made in
 * @property {string} endpoint
 * @property {string} auth
 * @property {Statement} statement
 * @property {boolean} [rejected] the LRS refused it as malformed (400): kept, not resent
 */

export const RECORDS_NOTICES = Object.freeze({
  waiting: "records.waiting", // {count} statements wait for the LRS
  sent: "records.sent", // the wait is over
  rejected: "records.rejected", // the LRS refused some: kept in this browser
  unstored: "records.unstored", // {count} wait, and the browser's storage is full
  noLaunch: "records.noLaunch", // a cmi5 launch that cannot be used
});

// The engine's events this part reports.
const HEARD = [EVENTS.setOpened, EVENTS.graded, EVENTS.setComplete];
const DB = "connect-or-not-records";
const STORE = "outbox";
const BATCH = 50;

// -- the outbox -------------------------------------------------------------------

// Statements in the order they were made, in IndexedDB (or, where the browser keeps
// nothing, in this page's memory, so that the visit still reports). A write that
// IndexedDB refuses (the origin's storage is full) keeps its statements in memory
// too, under keys of their own (negative: never an IndexedDB key), and says so:
// they are sent like the others, and lost only if the page closes first.
export class Outbox {
  /** @param {IDBDatabase | null} db */
  constructor(db) {
    this.db = db;
    /** @type {Map<number, Waiting>} */
    this.memory = new Map();
    this.next = 1;
  }

  // How many wait only in this page's memory while IndexedDB exists (storage full).
  get unstored() {
    return this.db ? this.memory.size : 0;
  }

  /** @param {Waiting[]} items */
  keep(items) {
    for (const item of items) {
      const seq = this.db ? -this.next : this.next;
      this.next++;
      this.memory.set(seq, { ...item, seq });
    }
  }

  /** @param {IDBFactory | undefined} [factory] @returns {Promise<Outbox>} */
  static async open(factory = globalThis.indexedDB) {
    if (!factory) return new Outbox(null);
    try {
      const db = await new Promise((resolve, reject) => {
        const request = factory.open(DB, 1);
        request.onupgradeneeded = () =>
          request.result.createObjectStore(STORE, { keyPath: "seq", autoIncrement: true });
        request.onsuccess = () => resolve(request.result);
        request.onerror = () => reject(request.error);
        request.onblocked = () => reject(new Error("blocked"));
      });
      return new Outbox(db);
    } catch {
      return new Outbox(null); // private windows of some browsers: this visit only
    }
  }

  /**
   * @template T
   * @param {IDBTransactionMode} mode
   * @param {(store: IDBObjectStore) => IDBRequest<T> | void} work
   * @returns {Promise<T | undefined>}
   */
  run(mode, work) {
    const db = /** @type {IDBDatabase} */ (this.db);
    return new Promise((resolve, reject) => {
      const transaction = db.transaction(STORE, mode);
      const request = work(transaction.objectStore(STORE));
      transaction.oncomplete = () => resolve(request ? request.result : undefined);
      transaction.onerror = () => reject(transaction.error);
      transaction.onabort = () => reject(transaction.error);
    });
  }

  /** @param {Waiting[]} items */
  async add(items) {
    if (!this.db) {
      this.keep(items);
      return;
    }
    try {
      await this.run("readwrite", (store) => {
        for (const item of items) store.add(item);
      });
    } catch {
      this.keep(items); // QuotaExceededError and the like: never dropped
    }
  }

  /** @returns {Promise<Waiting[]>} in the order they were made */
  async all() {
    const held = [...this.memory.values()];
    if (!this.db) return held;
    let stored = /** @type {Waiting[]} */ ([]);
    try {
      stored = /** @type {Waiting[]} */ (await this.run("readonly", (store) => store.getAll()) || []);
    } catch {
      // unreadable for now: what memory holds still goes
    }
    return [...stored, ...held.sort((a, b) => /** @type {number} */ (b.seq) -
      /** @type {number} */ (a.seq))];
  }

  /** @param {number[]} seqs */
  async remove(seqs) {
    seqs.forEach((seq) => this.memory.delete(seq));
    const stored = seqs.filter((seq) => seq > 0);
    if (!this.db || !stored.length) return;
    await this.run("readwrite", (store) => {
      for (const seq of stored) store.delete(seq);
    });
  }

  /** @param {Waiting} item */
  async reject(item) {
    const kept = { ...item, rejected: true };
    if (!this.db || /** @type {number} */ (item.seq) < 0) {
      this.memory.set(/** @type {number} */ (item.seq), kept);
      return;
    }
    await this.run("readwrite", (store) => {
      store.put(kept);
    });
  }
}

// -- sending ----------------------------------------------------------------------

// Whether an LRS's answer to a POST names every statement sent: an array of their ids.
/** @param {unknown} body @param {Statement[]} statements */
function storedAll(body, statements) {
  if (!Array.isArray(body)) return false;
  const ids = new Set(body.filter((id) => typeof id === "string"));
  return statements.every((statement) => ids.has(statement.id));
}

/** @param {string} auth */
function headers(auth) {
  /** @type {Record<string, string>} */
  const sent = { "Content-Type": "application/json", "X-Experience-API-Version": XAPI.version };
  if (auth) sent.Authorization = auth;
  return sent;
}

/**
 * Sends what waits in the outbox, oldest first, one tab at a time (Web Locks), and
 * says how many still wait. An LRS that does not answer, or answers an error, keeps
 * them waiting; they are tried again after a pause that grows, when the browser is
 * online again, and on the next page.
 */
export class Sender {
  /**
   * @param {Outbox} outbox
   * @param {{fetch?: typeof fetch,
   *   told?: (waiting: number, rejected: number, unstored: number) => void,
   *   later?: (run: () => void, ms: number) => unknown, locks?: LockManager | null}} [options]
   */
  constructor(outbox, options = {}) {
    this.outbox = outbox;
    this.fetch = options.fetch || globalThis.fetch.bind(globalThis);
    this.told = options.told || (() => {});
    this.later = options.later || ((run, ms) => setTimeout(run, ms));
    this.locks = options.locks === undefined ? globalThis.navigator?.locks || null : options.locks;
    this.pause = 2000;
    this.timer = false;
    /** @type {Promise<void> | null} */
    this.sending = null;
  }

  /** @param {Waiting[]} items */
  async queue(items) {
    await this.outbox.add(items);
    return this.flush();
  }

  flush() {
    // A flush asked for while one runs follows it (it may have new statements).
    const locks = this.locks;
    /** @returns {Promise<void>} */
    const run = () => (locks ? locks.request(DB, () => this.send()).then(() => {}) : this.send());
    this.sending = (this.sending || Promise.resolve()).then(run, run);
    return this.sending;
  }

  async send() {
    const items = await this.outbox.all();
    let waiting = items.filter((item) => !item.rejected);
    let failed = false;
    while (waiting.length && !failed) {
      const first = waiting[0];
      const batch = waiting.filter((item) => item.endpoint === first.endpoint &&
        item.auth === first.auth).slice(0, BATCH);
      failed = !(await this.sendBatch(batch));
      if (!failed) {
        const done = new Set(batch);
        waiting = waiting.filter((item) => !done.has(item));
      }
    }
    const left = await this.outbox.all();
    const rejected = left.filter((item) => item.rejected).length;
    this.told(left.length - rejected, rejected, this.outbox.unstored);
    if (failed) this.retry();
    else this.pause = 2000;
  }

  // One POST of the batch; where the LRS refuses it (409: it has one of them already;
  // 400: one is malformed), each is PUT on its own, by its id; where the batch is too
  // large for it (413), each half is sent on its own. True when every statement of
  // the batch has left the outbox. Only the LRS's own answer counts as stored: a POST
  // answered with its statements' ids (xAPI 7.2.2), a PUT with 204 (no proxy's or
  // captive portal's page, whatever its status).
  /** @param {Waiting[]} batch @returns {Promise<boolean>} */
  async sendBatch(batch) {
    const { endpoint, auth } = batch[0];
    const statements = batch.map((item) => item.statement);
    const { status, body } = await this.request(`${endpoint}statements`, "POST", auth,
      statements);
    if (status === 200 && storedAll(body, statements)) {
      await this.outbox.remove(batch.map((item) => /** @type {number} */ (item.seq)));
      return true;
    }
    if (status === 413 && batch.length > 1) {
      const half = Math.ceil(batch.length / 2);
      return await this.sendBatch(batch.slice(0, half)) && this.sendBatch(batch.slice(half));
    }
    if (status !== 409 && status !== 400 && status !== 413) return false;
    for (const item of batch) {
      const id = encodeURIComponent(item.statement.id);
      const one = (await this.request(`${endpoint}statements?statementId=${id}`, "PUT", auth,
        item.statement)).status;
      if (one === 204 || one === 409) {
        await this.outbox.remove([/** @type {number} */ (item.seq)]);
      } else if (one === 400 || one === 413) {
        await this.outbox.reject(item); // malformed, or larger than the LRS takes
      } else {
        return false;
      }
    }
    return true;
  }

  /**
   * @param {string} url @param {string} method @param {string} auth @param {unknown} body
   * @returns {Promise<{status: number, body?: unknown}>}
   */
  async request(url, method, auth, body) {
    try {
      const response = await this.fetch(url, { method, headers: headers(auth),
        body: JSON.stringify(body), credentials: "omit", cache: "no-store" });
      let answer;
      if (method === "POST" && response.status === 200) {
        try {
          answer = await response.json();
        } catch {
          answer = undefined; // not JSON: not an LRS's answer
        }
      }
      return { status: response.status, body: answer };
    } catch {
      return { status: 0 }; // no answer: offline, the LRS down, or refused by CORS
    }
  }

  retry() {
    if (this.timer) return;
    this.timer = true;
    const pause = this.pause;
    this.pause = Math.min(this.pause * 2, 60000);
    this.later(() => {
      this.timer = false;
      this.flush();
    }, pause);
  }
}

// -- statements -------------------------------------------------------------------

/** @param {string} course @param {string} card */
export const cardActivity = (course, card) => `${course}quiz/${card}/`;
/** @param {string} course @param {string} set */
export const setActivity = (course, set) => `${course}quiz/sets/${set}/`;

/** @param {number} ms */
function duration(ms) {
  return `PT${Math.max(0, ms / 1000).toFixed(2)}S`;
}

/** @param {number} value */
const round = (value) => Math.round(value * 10000) / 10000;

/**
 * What a statement needs beyond its verb, object and result: the learner, the time,
 * the class's registration, and the context every statement shares.
 * @typedef {Object} Session
 * @property {Statement} actor
 * @property {string} registration "" for none
 * @property {string} course
 * @property {Statement} [template] cmi5: LMS.LaunchData's contextTemplate
 * @property {string} [au] cmi5: the assignable unit's activity id
 * @property {string} lang
 */

/**
 * Builds the statements of a session, each with an id of its own (made once: sent
 * again, it is the same statement).
 */
export class Statements {
  /** @param {Session} session @param {() => Date} [now] */
  constructor(session, now = () => new Date()) {
    this.session = session;
    this.now = now;
  }

  /**
   * @param {string} verb a key of XAPI
   * @param {Statement} object
   * @param {{result?: Statement, parents?: string[], categories?: string[],
   *   extensions?: Record<string, unknown>}} [more]
   */
  make(verb, object, more = {}) {
    const { actor, registration, course, template, lang } = this.session;
    const context = JSON.parse(JSON.stringify(template || {}));
    context.contextActivities = context.contextActivities || {};
    const activities = context.contextActivities;
    if (more.parents && more.parents.length) {
      activities.parent = [...(activities.parent || []),
        ...more.parents.map((id) => ({ id, objectType: "Activity" }))];
    }
    const grouping = activities.grouping || [];
    if (!grouping.some((/** @type {{id: string}} */ a) => a.id === course)) {
      activities.grouping = [...grouping, { id: course, objectType: "Activity" }];
    }
    if (more.categories) {
      activities.category = [...(activities.category || []),
        ...more.categories.map((id) => ({ id, objectType: "Activity" }))];
    }
    if (registration) context.registration = registration;
    context.language = lang;
    if (more.extensions) context.extensions = { ...(context.extensions || {}), ...more.extensions };
    /** @type {Statement} */
    const statement = {
      id: crypto.randomUUID(),
      timestamp: this.now().toISOString(),
      actor,
      verb: { id: XAPI[/** @type {keyof typeof XAPI} */ (verb)],
        display: { "en-US": verb } },
      object: { objectType: "Activity", ...object },
      context,
    };
    if (more.result) statement.result = more.result;
    return statement;
  }

  /** @param {GradedDetail} detail @param {SetInfo | null} set */
  answered(detail, set) {
    const { course, au } = this.session;
    const card = set && set.cards.find((c) => c.id === detail.card);
    /** @type {Statement} */
    const definition = { type: XAPI.interaction, interactionType: "choice",
      name: { [this.session.lang]: detail.title },
      correctResponsesPattern: detail.best.slice() };
    if (card) definition.choices = card.choices.map((id) => ({ id, description: { "und": id } }));
    const parents = au ? [au] : set ? [setActivity(course, set.id)] : [];
    return this.make("answered", { id: cardActivity(course, detail.card), definition }, {
      parents: au && set ? [...parents, setActivity(course, set.id)] : parents,
      result: { response: detail.choice, success: detail.result === "best",
        score: { scaled: round(detail.credit), raw: round(detail.credit), min: 0, max: 1 } },
      extensions: { [`${course}${XAPI.policy}`]: detail.policy,
        ...(set ? { [`${course}${XAPI.round}`]: detail.round === 2 ? 2 : 1 } : {}) },
    });
  }

  // The set's end: completed, then passed or failed against the mastery score. In a
  // cmi5 package, on the assignable unit, with cmi5's categories and its duration.
  /** @param {SetCompleteDetail} detail @param {number} mastery 0 to 1 @param {number} ms */
  finished({ set, score, max }, mastery, ms) {
    const { course, au } = this.session;
    const object = { id: au || setActivity(course, set.id),
      definition: { name: { [this.session.lang]: set.id } } };
    const categories = au ? [XAPI.cmi5, XAPI.moveOn] : undefined;
    const passed = max > 0 && score / max >= mastery - 1e-9;
    const scaled = max ? round(score / max) : 0;
    const policy = { [`${course}${XAPI.policy}`]: set.policy };
    return {
      completed: this.make("completed", object, { categories, extensions: policy,
        result: { completion: true, duration: duration(ms) } }),
      judged: this.make(passed ? "passed" : "failed", object, { categories,
        extensions: { ...policy, ...(au ? { [XAPI.masteryScore]: mastery } : {}) },
        result: { success: passed, duration: duration(ms),
          score: { scaled, raw: round(score), min: 0, max } } }),
      passed,
    };
  }

  /** @param {"initialized" | "terminated"} verb @param {number} [ms] */
  lifecycle(verb, ms) {
    const { au } = this.session;
    return this.make(verb, { id: /** @type {string} */ (au) }, { categories: [XAPI.cmi5],
      result: verb === "terminated" ? { duration: duration(ms || 0) } : undefined });
  }
}

// -- the learner, the launch ------------------------------------------------------

const LEARNER_KEY = "connect-or-not-learner";

// On a site, the learner is anonymous: an id this browser keeps, under the course.
/** @param {string} course */
export function anonymousActor(course) {
  let name = "";
  try {
    name = localStorage.getItem(LEARNER_KEY) || "";
    if (!/^[0-9a-f-]{36}$/.test(name)) {
      name = crypto.randomUUID();
      localStorage.setItem(LEARNER_KEY, name);
    }
  } catch {
    name = name || crypto.randomUUID(); // nothing kept: a learner of this visit
  }
  return { objectType: "Agent", account: { homePage: course, name } };
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const LOOPBACK = ["127.0.0.1", "localhost", "[::1]"];

/** @param {string} text @param {string} [base] */
export function lrsAddress(text, base) {
  try {
    const url = new URL(text, base);
    const plain = url.protocol === "http:" && LOOPBACK.includes(url.hostname);
    if ((url.protocol !== "https:" && !plain) || url.username || url.password) return null;
    return url;
  } catch {
    return null;
  }
}

// The agent of a cmi5 launch, kept to its identifying fields (an LMS's launch URL is
// input from outside: nothing else of it is sent on).
/** @param {unknown} value */
function agent(value) {
  if (!value || typeof value !== "object") return null;
  const given = /** @type {Record<string, any>} */ (value);
  /** @type {Statement} */
  const actor = { objectType: "Agent" };
  if (typeof given.name === "string") actor.name = given.name.slice(0, 200);
  const account = given.account;
  if (account && typeof account.homePage === "string" && typeof account.name === "string") {
    actor.account = { homePage: account.homePage, name: account.name };
  } else if (typeof given.mbox === "string" && given.mbox.startsWith("mailto:")) {
    actor.mbox = given.mbox;
  } else {
    return null; // cmi5 9.2: the actor is an Agent with an account (or another IFI)
  }
  return actor;
}

/**
 * The cmi5 launch parameters (cmi5 8.1) of a page's address, checked: null when the
 * page was not launched as cmi5, {problem} when it was but cannot be used.
 * @param {string} href
 * @returns {null | {problem: string} | {endpoint: string, fetch: string,
 *   registration: string, activityId: string, actor: Statement}}
 */
export function launchParameters(href) {
  const query = new URL(href).searchParams;
  const names = ["endpoint", "fetch", "registration", "activityId", "actor"];
  if (!names.some((name) => query.has(name))) return null;
  if (!names.every((name) => query.get(name))) return { problem: "missing" };
  const endpoint = lrsAddress(/** @type {string} */ (query.get("endpoint")));
  const fetchUrl = lrsAddress(/** @type {string} */ (query.get("fetch")), href);
  const registration = /** @type {string} */ (query.get("registration"));
  let actor = null;
  try {
    actor = agent(JSON.parse(/** @type {string} */ (query.get("actor"))));
  } catch {
    actor = null;
  }
  if (!endpoint || !fetchUrl || !UUID.test(registration) || !actor) return { problem: "invalid" };
  const base = endpoint.href.endsWith("/") ? endpoint.href : `${endpoint.href}/`;
  return { endpoint: base, fetch: fetchUrl.href, registration,
    activityId: /** @type {string} */ (query.get("activityId")), actor };
}

// -- the part ---------------------------------------------------------------------

/**
 * Reports a page's answers. `status` is the line that tells the learner about records
 * that wait (made on the first need).
 */
export class Records {
  /**
   * @param {Document} document @param {Sender} sender @param {Statements} statements
   * @param {{endpoint: string, auth: string, messages: Messages, mastery?: number | null,
   *   normal?: boolean, once?: Storage | null, onceKey?: string}} options
   */
  constructor(document, sender, statements, options) {
    this.document = document;
    this.sender = sender;
    this.statements = statements;
    this.endpoint = options.endpoint;
    this.auth = options.auth;
    this.messages = options.messages;
    this.mastery = options.mastery ?? null; // cmi5: a mastery score from the LMS wins
    this.normal = options.normal ?? true; // false in the Browse and Review modes of cmi5
    this.once = options.once || null;
    this.onceKey = options.onceKey || "";
    /** @type {SetInfo | null} */
    this.set = null;
    this.startedAt = Date.now();
    /** @type {HTMLElement | null} */
    this.status = null;
    this.shown = false; // whether records were said to wait
    /** @type {Promise<void>} settles once what was sent so far has been tried */
    this.idle = Promise.resolve();
    sender.told = (waiting, rejected, unstored) => this.tell(waiting, rejected, unstored);
  }

  /** @param {Event[]} [early] events of the page from before this part was ready */
  listen(early = []) {
    for (const name of HEARD) this.document.addEventListener(name, (event) => this.heard(event));
    this.document.defaultView?.addEventListener("online", () => this.sender.flush());
    early.forEach((event) => this.heard(event));
    return this;
  }

  /** @param {Event} event */
  heard(event) {
    const detail = /** @type {CustomEvent} */ (event).detail;
    if (event.type === EVENTS.setOpened) {
      this.set = /** @type {{set: SetInfo}} */ (detail).set;
    } else if (event.type === EVENTS.graded) {
      const graded = /** @type {GradedDetail} */ (detail);
      const set = this.set && graded.set === this.set.id ? this.set : null;
      this.send([this.statements.answered(graded, set)]);
    } else if (event.type === EVENTS.setComplete) {
      this.finished(/** @type {SetCompleteDetail} */ (detail));
    }
  }

  /** @param {Statement[]} statements */
  send(statements) {
    const sent = this.sender.queue(statements.map((statement) =>
      ({ endpoint: this.endpoint, auth: this.auth, statement })));
    this.idle = Promise.all([this.idle, sent]).then(() => {}); // for whoever must wait
    return sent;
  }

  /** @param {SetCompleteDetail} detail */
  finished(detail) {
    if (!this.normal) return;
    const mastery = this.mastery ?? detail.set.mastery;
    const { completed, judged, passed } = this.statements.finished(detail, mastery,
      Date.now() - this.startedAt);
    // cmi5 9.3: completed once, passed once, no failed after a pass (per registration).
    const done = this.done();
    const out = [];
    if (!done.completed) out.push(completed);
    if (!done.passed) out.push(judged);
    this.remember({ completed: true, passed: done.passed || passed });
    if (out.length) this.send(out);
  }

  /** @returns {{completed?: boolean, passed?: boolean}} */
  done() {
    if (!this.once) return {};
    try {
      return JSON.parse(this.once.getItem(this.onceKey) || "{}");
    } catch {
      return {};
    }
  }

  /** @param {{completed: boolean, passed: boolean}} done */
  remember(done) {
    try {
      this.once?.setItem(this.onceKey, JSON.stringify(done));
    } catch {
      // nothing kept: this visit still sends each once
    }
  }

  // One short line while records wait; said once when they have all gone.
  /** @param {number} waiting @param {number} rejected @param {number} [unstored] */
  tell(waiting, rejected, unstored = 0) {
    const words = [];
    if (unstored) words.push(this.messages.t(RECORDS_NOTICES.unstored, { count: waiting }));
    else if (waiting) words.push(this.messages.t(RECORDS_NOTICES.waiting, { count: waiting }));
    if (rejected) words.push(this.messages.t(RECORDS_NOTICES.rejected, { count: rejected }));
    if (!words.length && this.shown) words.push(this.messages.t(RECORDS_NOTICES.sent));
    if (!words.length) return;
    this.shown = waiting > 0 || rejected > 0;
    const status = this.line();
    status.dataset.waiting = String(waiting);
    status.textContent = words.join(" ");
    status.hidden = false;
  }

  line() {
    if (!this.status) this.status = statusLine(this.document);
    return this.status;
  }
}

// The one line that tells the learner about their records, first in the page's content.
/** @param {Document} document @param {string} [message] */
function statusLine(document, message = "") {
  const line = el("p", { class: "con-records", role: "status", text: message });
  (document.querySelector(".md-content__inner") || document.querySelector("main") ||
    document.body).prepend(line);
  return line;
}

// cmi5 8.2: the token, once per launch (the fetch URL answers once; a reload of the
// same launch reads it back from this tab's session storage).
/** @param {string} url */
async function fetchToken(url) {
  const key = `connect-or-not-cmi5:${url}`;
  try {
    const kept = sessionStorage.getItem(key);
    if (kept) return kept;
  } catch {
    // no session storage: fetch it
  }
  const response = await fetch(url, { method: "POST", credentials: "omit", cache: "no-store" });
  const body = await response.json();
  const token = body && typeof body["auth-token"] === "string" ? body["auth-token"] : "";
  if (!token) throw new Error("no auth-token");
  try {
    sessionStorage.setItem(key, token);
  } catch {
    // kept in memory only
  }
  return token;
}

/**
 * cmi5 8.2, 10: the LMS's LaunchData (contextTemplate, launchMode, masteryScore).
 * @param {{endpoint: string, registration: string, activityId: string, actor: Statement}} launch
 * @param {string} auth
 */
async function launchData(launch, auth) {
  const query = new URLSearchParams({ stateId: "LMS.LaunchData", activityId: launch.activityId,
    agent: JSON.stringify(launch.actor), registration: launch.registration });
  const response = await fetch(`${launch.endpoint}activities/state?${query}`, {
    headers: headers(auth), credentials: "omit", cache: "no-store" });
  if (!response.ok) throw new Error(`LaunchData: ${response.status}`);
  return response.json();
}

/**
 * @param {Window} here @param {RecordsConfig} config @param {Messages} messages
 * @param {Outbox} outbox
 */
async function cmi5(here, config, messages, outbox) {
  const launch = launchParameters(here.location.href);
  if (!launch) return null; // opened outside its LMS: the set works, nothing is recorded
  if ("problem" in launch) {
    statusLine(here.document, messages.t(RECORDS_NOTICES.noLaunch));
    return null;
  }
  let auth;
  let data;
  try {
    auth = `Basic ${await fetchToken(launch.fetch)}`;
    data = await launchData(launch, auth);
  } catch {
    statusLine(here.document, messages.t(RECORDS_NOTICES.noLaunch));
    return null;
  }
  const template = data && typeof data.contextTemplate === "object" ? data.contextTemplate : {};
  const mastery = typeof data.masteryScore === "number" && data.masteryScore >= 0 &&
    data.masteryScore <= 1 ? data.masteryScore : null;
  const statements = new Statements({ actor: launch.actor, registration: launch.registration,
    course: config.course, template, au: launch.activityId,
    lang: here.document.documentElement.lang || "en" });
  const sender = new Sender(outbox);
  const records = new Records(here.document, sender, statements, {
    endpoint: launch.endpoint, auth, messages, mastery,
    normal: (data.launchMode || "Normal") === "Normal", once: here.localStorage,
    onceKey: `connect-or-not-cmi5:${launch.registration}:${launch.activityId}` });
  // Initialized once per launch (a reload of the page is the same session).
  const started = `connect-or-not-cmi5-started:${launch.fetch}`;
  let first = true;
  try {
    first = !here.sessionStorage.getItem(started);
    here.sessionStorage.setItem(started, "1");
  } catch {
    first = true;
  }
  if (first) records.send([statements.lifecycle("initialized")]);
  here.addEventListener("pagehide", () => {
    const terminated = statements.lifecycle("terminated", Date.now() - records.startedAt);
    records.send([terminated]);
    // The page is going: ask the browser to deliver it even so (the outbox keeps it if
    // not; sent twice, the LRS stores it once).
    const id = encodeURIComponent(terminated.id);
    fetch(`${launch.endpoint}statements?statementId=${id}`, { method: "PUT", keepalive: true,
      headers: headers(auth), body: JSON.stringify(terminated), credentials: "omit" })
      .catch(() => {});
  });
  return records;
}

/** @param {Window} here @param {RecordsConfig} config @param {Messages} messages */
async function site(here, config, messages) {
  const statements = new Statements({ actor: anonymousActor(config.course),
    registration: config.registration, course: config.course,
    lang: here.document.documentElement.lang || "en" });
  const records = new Records(here.document, new Sender(await Outbox.open(here.indexedDB)),
    statements, { endpoint: config.endpoint, auth: config.auth, messages });
  records.sender.flush(); // what an earlier page left waiting
  return records;
}

// quiz-xapi.js calls this before the page is wired: the page's events are heard from
// then on, and reported once the outbox (and, in cmi5, the launch) is ready.
/** @param {Window} here @returns {Promise<Records | null> | null} */
export function reportToLRS(here) {
  const CON = globals();
  const config = CON.records;
  if (!config) return null;
  const doc = here.document;
  /** @type {Event[]} */
  const early = [];
  const keep = (/** @type {Event} */ event) => early.push(event);
  HEARD.forEach((name) => doc.addEventListener(name, keep));
  const messages = new Messages(CON.catalog || {}, doc.documentElement.lang || "en");
  const ready = config.cmi5
    ? Outbox.open(here.indexedDB).then((outbox) => cmi5(here, config, messages, outbox))
    : site(here, config, messages);
  return ready.then((records) => {
    HEARD.forEach((name) => doc.removeEventListener(name, keep));
    return records && records.listen(early);
  });
}
