// Connect or Not, for the trainer: the room's votes from their phones on the
// presenter (.con-present-live), built into quiz-class.js. A part that listens to
// nothing of the presenter's and reads none of its page: it polls the LRS for the
// set's answers of the class's registration (tally-live.js), and announces each
// card's counts in each round (con:votes); the presenter draws them as its bars.
// Without an LRS the page has no such part, and the show of hands stays.
import { Component, EVENTS } from "./core.js";
import { LivePoll, rowsFrom, wireLiveForm } from "./tally-live.js";

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
  }

  enhance() {
    wireLiveForm(this.form, this.poll, (id, params) => this.t(id, params), {
      set: () => this.live.set,
      shown: (_rows, set, statements, registration) => {
        const { details, learners } = votesFrom(statements, set, this.live.live.course,
          registration);
        for (const detail of details) this.emit(EVENTS.votes, detail);
        this.root.dataset.live = String(learners[0] + learners[1]);
        return this.t("present.liveCount", { first: learners[0], second: learners[1] });
      } });
  }
}
