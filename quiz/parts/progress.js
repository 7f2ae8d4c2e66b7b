// Connect or Not quiz engine, part 6 of 7: the progress panel (.con-progress) and
// the storage notices shown on cards (.con-notice). It listens to the store, so
// no other part has to tell it that something changed.
(() => {
"use strict";

const CON = globalThis.ConnectOrNot;
const { el } = CON;

class ProgressPanel {
  /** @param {HTMLElement} root */
  constructor(root, parts) {
    this.root = root;
    Object.assign(this, parts);
    this.status = root.querySelector(".con-progress-status");
  }

  t(id, params) {
    return this.messages.t(id, params);
  }

  enhance() {
    this.root.hidden = false;
    this.root.querySelector(".con-export").addEventListener("click", () => this.download());
    this.root.querySelector(".con-import").addEventListener("change", (event) =>
      this.upload(event.target));
    this.root.querySelector(".con-reset").addEventListener("click", () => {
      if (!window.confirm(this.t("progress.confirmReset"))) return;
      this.store.reset();
      this.status.textContent = this.t("progress.wasReset");
    });
    this.render();
  }

  render() {
    const answers = Object.values(this.store.read().answers);
    const best = answers.filter((a) => a.result === "best").length;
    this.root.querySelector(".con-progress-summary").textContent = answers.length
      ? this.t("progress.summary", { count: answers.length, best })
      : this.t("progress.none");
    this.root.querySelector(".con-progress-notices").replaceChildren(
      ...[...this.store.notices].map((id) => el("li", { text: this.t(id) })));
  }

  download() {
    const data = this.store.exportData(this.site);
    const blob = new Blob([JSON.stringify(data, null, 1)], { type: "application/json" });
    const link = el("a", { href: URL.createObjectURL(blob),
      download: "connect-or-not-progress.json" });
    document.body.append(link);
    link.click();
    link.remove();
    this.status.textContent = this.t("progress.exported",
      { count: Object.keys(data.answers).length });
  }

  async upload(input) {
    const file = input.files[0];
    if (!file) return;
    let data;
    try {
      data = JSON.parse(await file.text());
    } catch {
      data = null;
    }
    const { count, error } = this.store.importData(data);
    this.status.textContent = error ? this.t(error) : this.t("progress.imported", { count });
    input.value = "";
  }
}

// Storage problems are told wherever the learner is: cards and progress panels.
function renderNotices(store, messages) {
  const text = [...store.notices].map((id) => messages.t(id)).join(" ");
  for (const box of document.querySelectorAll(".con-notice")) box.textContent = text;
}

Object.assign(CON, { ProgressPanel, renderNotices });
})();
