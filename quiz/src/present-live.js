// Connect or Not, for the trainer: the room's votes from their phones on the
// presenter (.con-present-live), built into quiz-class.js. A part that listens to
// nothing of the presenter's and reads none of its page: it polls the LRS for the
// set's answers of the class's registration (tally-live.js), and announces each
// card's counts in each round (con:votes); the presenter draws them as its bars.
// Without an LRS the page has no such part, and the show of hands stays.
import { Component, EVENTS } from "./core.js";
import { LivePoll, rowsFrom } from "./tally-live.js";

/** @typedef {import("./contract.js").PresentLiveConfig} PresentLiveConfig */
/** @typedef {import("./contract.js").TallySet} TallySet */
/** @typedef {import("./core.js").Parts} Parts */
/** @typedef {import("./core.js").VotesDetail} VotesDetail */
/** @typedef {Record<string, any>} Statement */

/**
 * Each card's votes in each round: one per learner, their latest answer to it, of the
 * room's registration (when it has one).
 * @param {Statement[]} statements @param {TallySet} set @param {string} course
 * @param {string} [registration]
 * @returns {{details: VotesDetail[], learners: [number, number]}}
 */
export function votesFrom(statements, set, course, registration = "") {
  /** @type {VotesDetail[]} */
  const details = [];
  /** @type {[number, number]} */
  const learners = [0, 0];
  for (const round of /** @type {(1 | 2)[]} */ ([1, 2])) {
    const rows = rowsFrom(statements, set, course, { round, registration });
    learners[round - 1] = rows.length;
    set.cards.forEach((card, i) => {
      /** @type {Record<string, number>} */
      const counts = {};
      card.choices.forEach((decision, place) => {
        counts[decision] = rows.filter((places) => places[i] === place).length;
      });
      details.push({ set: set.id, card: card.id, round, counts });
    });
  }
  return { details, learners };
}

export class PresentLive extends Component {
  /** @param {HTMLElement} root @param {Parts} parts */
  constructor(root, parts) {
    super(root, parts);
    /** @type {PresentLiveConfig} */
    this.live = this.data(".con-present-live-data");
    this.poll = new LivePoll(this.live.live);
    this.form = /** @type {HTMLFormElement} */ (this.part("form"));
    this.status = this.part(".con-live-status");
  }

  /** @param {string} name */
  field(name) {
    return /** @type {HTMLInputElement} */ (this.part(`.con-live-${name}`));
  }

  enhance() {
    const stop = this.field("stop");
    let last = "";
    this.form.addEventListener("submit", (event) => {
      event.preventDefault();
      const bytes = new TextEncoder().encode(`${this.field("key").value}:${this.field("secret").value}`);
      last = "";
      this.status.textContent = this.t("tally.liveReading");
      stop.hidden = false;
      this.root.dataset.live = "reading";
      const registration = this.field("registration").value.trim();
      this.poll.start({ set: this.live.set, auth: `Basic ${btoa(String.fromCharCode(...bytes))}`,
        registration,
        shown: (_rows, set, statements) => {
          const { details, learners } = votesFrom(statements, set, this.live.live.course,
            registration);
          for (const detail of details) this.emit(EVENTS.votes, detail);
          // Said when the room's numbers change, not at every reading.
          const words = this.t("present.liveCount", { first: learners[0], second: learners[1] });
          if (words !== last) this.status.textContent = words;
          last = words;
          this.root.dataset.live = String(learners[0] + learners[1]);
        },
        failed: (status, wait) => {
          last = "";
          this.status.textContent = this.t(status === 401 || status === 403 ? "tally.liveRefused"
            : "tally.liveFailed", { status: status || "-", count: Math.round(wait / 1000) });
        } });
    });
    stop.addEventListener("click", () => {
      this.poll.stop();
      stop.hidden = true;
      this.status.textContent = this.t("tally.liveStopped");
      this.field("start").focus();
    });
  }
}
