// Connect or Not quiz engine: the progress panel (.con-progress), the
// marks it puts on links to cards and sets, and the storage notices shown on cards
// (.con-notice). It listens to the store, so no other part has to tell it that
// something changed.
import { EXPORT_FORMAT } from "./contract.js";
import { Component, el } from "./core.js";

/** @typedef {import("./contract.js").StoreData} StoreData */
/** @typedef {import("./core.js").Messages} Messages */
/** @typedef {import("./core.js").Parts} Parts */
/** @typedef {import("./store.js").Store} Store */

// An export of every card and set of a large course is a few tens of kilobytes.
const MAX_IMPORT_BYTES = 1_000_000;

export class ProgressPanel extends Component {
  /** @param {HTMLElement} root @param {Parts} parts */
  constructor(root, parts) {
    super(root, parts);
    this.store = parts.store;
    this.site = parts.site;
    this.status = this.part(".con-progress-status");
  }

  enhance() {
    this.root.hidden = false;
    this.part(".con-export").addEventListener("click", () => this.download());
    const input = /** @type {HTMLInputElement} */ (this.part(".con-import"));
    input.addEventListener("change", () => this.upload(input));
    this.part(".con-reset").addEventListener("click", () => {
      if (!window.confirm(this.t("progress.confirmReset"))) return;
      this.store.reset();
      this.status.textContent = this.t("progress.wasReset");
    });
    this.render();
  }

  render() {
    const store = this.store.read();
    const answers = Object.values(store.answers);
    const total = answers.reduce((sum, a) => sum + a.credit, 0);
    const inSets = setAnswers(store);
    const said = [];
    if (answers.length) {
      said.push(this.t("progress.summary",
        { count: answers.length, points: this.messages.number(total) }));
    }
    if (inSets.count) {
      said.push(this.t("progress.setsSummary",
        { count: inSets.count, points: this.messages.number(inSets.points) }));
    }
    this.part(".con-progress-summary").textContent = said.length ? said.join(" ")
      : this.t("progress.none");
    this.part(".con-progress-notices").replaceChildren(
      ...[...this.store.notices].map((id) => el("li", { text: this.t(id) })));
    markLinks(document.querySelector(".md-content") || document.body, store, this.messages,
      this.site);
  }

  download() {
    const data = this.store.exportData(this.site);
    const blob = new Blob([JSON.stringify(data, null, 1)], { type: "application/json" });
    const link = el("a", { href: URL.createObjectURL(blob),
      download: `${EXPORT_FORMAT}.json` });
    document.body.append(link);
    link.click();
    link.remove();
    // Every answer the file holds: on cards' own pages and in quiz sets.
    const inSets = setAnswers(data).count;
    const count = Object.keys(data.answers).length + inSets;
    this.status.textContent = [this.t("progress.exported", { count }),
      ...(inSets ? [this.t("progress.inSets", { count: inSets })] : [])].join(" ");
  }

  /** @param {HTMLInputElement} input */
  async upload(input) {
    const file = input.files && input.files[0];
    if (!file) return;
    input.value = "";
    if (file.size > MAX_IMPORT_BYTES) {
      this.status.textContent = this.t("progress.tooBig");
      return;
    }
    let data;
    try {
      data = JSON.parse(await file.text());
    } catch {
      data = null;
    }
    const { count, inSets, visitOnly, error } = this.store.importData(data, this.site);
    if (error) {
      this.status.textContent = this.t(error);
      return;
    }
    // Counted as the export counted them: every answer, and how many were in sets.
    const said = [this.t("progress.imported", { count })];
    if (inSets) said.push(this.t("progress.inSets", { count: inSets }));
    if (visitOnly) said.push(this.t("progress.visitOnly"));
    this.status.textContent = said.join(" ");
  }
}

// The answers given in quiz sets, and their points.
/** @param {Pick<StoreData, "sets">} store */
function setAnswers(store) {
  let count = 0;
  let points = 0;
  for (const attempt of Object.values(store.sets)) {
    count += Object.keys(attempt.choices || {}).length;
    points += Object.values(attempt.results || {}).reduce((sum, credit) => sum + credit, 0);
  }
  return { count, points };
}

// Links to cards and sets get a mark of what the learner did there: after the
// link, so that its name stays the title. A set link says how many cards it has
// (data-con-cards, written by the build).
const CARD_OR_SET = /^quiz\/(?:(sets)\/)?([^/]+?)(?:\/index\.html|\.html|\/)?$/;
/** @type {Record<string, string>} */
const MARK = { best: "mark.best", partial: "mark.partial", wrong: "mark.wrong" };

/** @param {Element} root @param {StoreData} store @param {Messages} messages @param {string} site */
export function markLinks(root, store, messages, site) {
  for (const old of root.querySelectorAll(".con-mark")) old.remove();
  for (const node of root.querySelectorAll("a[href]")) {
    const link = /** @type {HTMLAnchorElement} */ (node);
    if (link.closest(".con-card, .con-set, .md-nav")) continue;
    const path = new URL(link.href, location.href).pathname;
    if (!path.startsWith(site)) continue;
    const match = CARD_OR_SET.exec(path.slice(site.length));
    if (!match) continue;
    const [, isSet, id] = match;
    let text = "";
    let state = "";
    if (isSet) {
      const attempt = Object.hasOwn(store.sets, id) ? store.sets[id] : null;
      const count = Number(link.dataset.conCards);
      if (!attempt || !count) continue;
      const points = Object.values(attempt.results).reduce((sum, credit) => sum + credit, 0);
      state = attempt.index >= count ? "done" : "going";
      text = attempt.index >= count
        ? messages.t("mark.setDone", { points: messages.number(points), count })
        : messages.t("mark.setGoing", { index: attempt.index + 1, count });
    } else {
      const answer = Object.hasOwn(store.answers, id) ? store.answers[id] : null;
      if (!answer || !MARK[answer.result]) continue;
      state = answer.result;
      text = messages.t(MARK[answer.result]);
    }
    link.after(el("span", { class: "con-mark", "data-state": state, text: ` (${text})` }));
  }
}

// Storage problems are told wherever the learner is: cards and progress panels.
/** @param {Store} store @param {Messages} messages */
export function renderNotices(store, messages) {
  const text = [...store.notices].map((id) => messages.t(id)).join(" ");
  for (const box of document.querySelectorAll(".con-notice")) box.textContent = text;
}
