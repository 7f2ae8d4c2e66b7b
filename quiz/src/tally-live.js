// Connect or Not, for the trainer: the room's answers read live from the LRS (the
// tally page's "Live from the learning record store"), built into quiz-class.js.
//
// Every few seconds it asks the LRS for the set's "answered" statements (of the
// class's registration, when the course has one), following the LRS's "more" links,
// and turns them into the rows the pasted-code tally draws: one per learner, each
// card's latest answer. It waits longer when the LRS asks it to (429, Retry-After)
// or does not answer, and stops when told to.
import { XAPI } from "./contract-records.js";
import { cardActivity, setActivity } from "./xapi.js";

/** @typedef {import("./contract.js").TallySet} TallySet */
/** @typedef {import("./contract.js").LiveTally} LiveTallyConfig */
/** @typedef {Record<string, any>} Statement */

export const POLL_MS = 5000;
const MAX_PAGES = 50;

// Who answered: the actor's identifier, whichever the LRS has.
/** @param {Statement} actor */
function learner(actor) {
  if (!actor || typeof actor !== "object") return "";
  if (actor.account) return `account:${actor.account.homePage}|${actor.account.name}`;
  return actor.mbox || actor.mbox_sha1sum || actor.openid || "";
}

// The class's vote an answer was given in: 2 after talking it over, else 1 (answers
// recorded before rounds were, and answers outside a set, are the first vote's).
/** @param {Statement} statement @param {string} course @returns {1 | 2} */
export function roundOf(statement, course) {
  return statement.context?.extensions?.[`${course}${XAPI.round}`] === 2 ? 2 : 1;
}

// A statement's time may be a minute ahead of this computer's clock; later than that,
// it was written to weigh more than it should (the page's key lets a learner write
// any statement), and is left out.
const SKEW_MS = 60_000;

/**
 * The rows of the tally (one per learner: each card's chosen place, or -1) from the
 * statements the LRS holds: a learner's latest answer to a card counts, only one a
 * card. With a round, only that vote's answers; with a registration, only the room's
 * (whatever the LRS was asked); never one from the future.
 * @param {Statement[]} statements @param {TallySet} set @param {string} course
 * @param {{round?: 1 | 2, registration?: string, now?: number}} [only]
 * @returns {{who: string, places: number[]}[]}
 */
export function learnerRows(statements, set, course, only = {}) {
  const { round, registration, now = Date.now() } = only;
  const cards = new Map(set.cards.map((card, i) => [cardActivity(course, card.id), i]));
  /** @type {Map<string, {places: number[], at: string[]}>} */
  const learners = new Map();
  for (const statement of statements) {
    if (!statement || statement.verb?.id !== XAPI.answered) continue;
    if (round && roundOf(statement, course) !== round) continue;
    if (registration && statement.context?.registration !== registration) continue;
    const time = Date.parse(String(statement.timestamp || ""));
    if (Number.isFinite(time) && time > now + SKEW_MS) continue;
    const i = cards.get(statement.object?.id);
    const who = learner(statement.actor);
    if (i === undefined || !who) continue;
    const place = set.cards[i].choices.indexOf(statement.result?.response);
    if (place < 0) continue;
    const at = String(statement.timestamp || "");
    const row = learners.get(who) || { places: set.cards.map(() => -1), at: set.cards.map(() => "") };
    if (at >= row.at[i]) {
      row.places[i] = place;
      row.at[i] = at;
    }
    learners.set(who, row);
  }
  return [...learners].map(([who, row]) => ({ who, places: row.places }));
}

/**
 * The rows alone (see learnerRows).
 * @param {Statement[]} statements @param {TallySet} set @param {string} course
 * @param {{round?: 1 | 2, registration?: string, now?: number}} [only]
 * @returns {number[][]}
 */
export function rowsFrom(statements, set, course, only = {}) {
  return learnerRows(statements, set, course, only).map((row) => row.places);
}

/**
 * Polls the LRS. `shown(rows, set)` is given every reading; `failed(status, wait)` an
 * LRS that refused or did not answer (status 0), and how long until the next try.
 */
export class LivePoll {
  /**
   * @param {LiveTallyConfig} live
   * @param {{fetch?: typeof fetch, later?: (run: () => void, ms: number) => unknown,
   *   cancel?: (timer: any) => void}} [options]
   */
  constructor(live, options = {}) {
    this.live = live;
    this.fetch = options.fetch || globalThis.fetch.bind(globalThis);
    this.later = options.later || ((run, ms) => setTimeout(run, ms));
    this.cancel = options.cancel || ((timer) => clearTimeout(timer));
    this.timer = null;
    this.running = false;
    this.wait = POLL_MS;
  }

  /**
   * @param {{set: TallySet, auth: string, registration: string,
   *   shown: (rows: number[][], set: TallySet, statements: Statement[]) => void,
   *   failed: (status: number, wait: number) => void}} reading
   */
  start(reading) {
    this.stop();
    this.running = true;
    this.reading = reading;
    this.wait = POLL_MS;
    return this.poll();
  }

  stop() {
    this.running = false;
    if (this.timer !== null) this.cancel(this.timer);
    this.timer = null;
  }

  async poll() {
    const reading = /** @type {NonNullable<typeof this.reading>} */ (this.reading);
    const { status, statements, retryAfter } = await this.read(reading);
    if (!this.running || this.reading !== reading) return;
    if (status === 200) {
      this.wait = POLL_MS;
      reading.shown(rowsFrom(statements, reading.set, this.live.course,
        { registration: reading.registration }), reading.set, statements);
    } else {
      // Retry-After, else twice as long each time, up to a minute.
      this.wait = retryAfter ? Math.min(retryAfter * 1000, 300000) : Math.min(this.wait * 2, 60000);
      reading.failed(status, this.wait);
    }
    this.timer = this.later(() => this.poll(), this.wait);
  }

  /**
   * @param {{set: TallySet, auth: string, registration: string}} reading
   * @returns {Promise<{status: number, statements: Statement[], retryAfter?: number}>}
   */
  async read({ set, auth, registration }) {
    const query = new URLSearchParams({ verb: XAPI.answered,
      activity: setActivity(this.live.course, set.id), related_activities: "true", limit: "500" });
    if (registration) query.set("registration", registration);
    let url = `${this.live.endpoint}statements?${query}`;
    const origin = new URL(this.live.endpoint).origin;
    /** @type {Statement[]} */
    const statements = [];
    for (let page = 0; page < MAX_PAGES && url; page++) {
      let response;
      try {
        response = await this.fetch(url, { headers: { Authorization: auth,
          "X-Experience-API-Version": XAPI.version }, credentials: "omit", cache: "no-store" });
      } catch {
        return { status: 0, statements };
      }
      if (response.status !== 200) {
        const after = Number(response.headers.get("Retry-After"));
        return { status: response.status, statements, retryAfter: after > 0 ? after : undefined };
      }
      let body;
      try {
        body = await response.json();
      } catch {
        return { status: 502, statements };
      }
      if (!body || !Array.isArray(body.statements)) return { status: 502, statements };
      statements.push(...body.statements);
      // "more" is a path on the LRS's own origin (xAPI 2.1.3): never another host.
      const more = typeof body.more === "string" && body.more ? new URL(body.more, origin) : null;
      url = more && more.origin === origin ? more.href : "";
    }
    return { status: 200, statements };
  }
}

/**
 * A "read it live from the LRS" form (its .con-live-* fields: key, secret,
 * registration, start, stop, status), on the tally and the presenter alike: on
 * submit, polls with the key typed there (kept in this page's memory, sent only to
 * the LRS); each reading's words (`shown` gives them) are said when they change;
 * a refusal or a failure is said with the wait before the next try; Stop ends it.
 * @param {HTMLFormElement} form @param {LivePoll} poll
 * @param {(id: string, params?: Record<string, unknown>) => string} t
 * @param {{set: () => TallySet, shown: (rows: number[][], set: TallySet,
 *   statements: Statement[], registration: string) => string}} reading
 */
export function wireLiveForm(form, poll, t, { set, shown }) {
  const field = (/** @type {string} */ name) =>
    /** @type {HTMLInputElement} */ (form.querySelector(`.con-live-${name}`));
  const stop = field("stop");
  const said = /** @type {HTMLElement} */ (form.querySelector(".con-live-status"));
  let last = "";
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const bytes = new TextEncoder().encode(`${field("key").value}:${field("secret").value}`);
    const registration = field("registration").value.trim();
    last = "";
    said.textContent = t("tally.liveReading");
    stop.hidden = false;
    poll.start({ set: set(), auth: `Basic ${btoa(String.fromCharCode(...bytes))}`, registration,
      shown: (rows, shownSet, statements) => {
        const words = shown(rows, shownSet, statements, registration);
        if (words !== last) said.textContent = words; // when the room's numbers change
        last = words;
      },
      failed: (status, wait) => {
        last = "";
        said.textContent = t(status === 401 || status === 403 ? "tally.liveRefused"
          : "tally.liveFailed", { status: status || "-", count: Math.round(wait / 1000) });
      } });
  });
  stop.addEventListener("click", () => {
    poll.stop();
    stop.hidden = true;
    said.textContent = t("tally.liveStopped");
    field("start").focus();
  });
}
