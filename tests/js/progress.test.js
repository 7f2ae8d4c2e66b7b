// The progress panel: its summary, the marks on links to cards and sets, export
// and import in the learner's words, and storage notices.
import assert from "node:assert/strict";
import test from "node:test";
import { Messages } from "../../quiz/src/core.js";
import { ProgressPanel, markLinks, renderNotices } from "../../quiz/src/progress.js";
import { english, page, parts } from "./support.js";

const PANEL = `<section class="con-progress" hidden><p class="con-progress-summary"></p>
<ul class="con-progress-notices"></ul><button class="con-export">Export</button>
<input type="file" class="con-import"><button class="con-reset">Reset</button>
<p class="con-progress-status"></p></section>`;

function answer(choice, credit, result) {
  return { choice, credit, result, policy: "balanced", at: 1 };
}

test("the summary counts answers and points, partial credit as its share", () => {
  page(PANEL);
  const given = parts();
  given.store.write((store) => {
    store.answers.one = answer("decline", 1, "best");
    store.answers.two = answer("ask_first", 0.5, "partial");
  });
  const panel = new ProgressPanel(document.querySelector(".con-progress"), given);
  panel.enhance();
  assert.equal(panel.root.hidden, false);
  assert.match(panel.part(".con-progress-summary").textContent, /2 cards.*: 1\.5 of 2 points\./);
});

test("issue 26: answers given in a quiz set count in the summary and the export", () => {
  page(PANEL);
  const given = parts();
  given.store.write((store) => {
    store.sets.drill = { index: 3, results: { one: 1, two: 0.5, three: 0 },
      choices: { one: "decline", two: "ask_first", three: "accept" } };
  });
  const panel = new ProgressPanel(document.querySelector(".con-progress"), given);
  panel.enhance();
  const summary = panel.part(".con-progress-summary").textContent;
  assert.equal(summary, "In quiz sets you have given 3 answers: 1.5 of 3 points.");
  globalThis.URL.createObjectURL = () => "blob:x"; // jsdom has no blob URLs
  panel.download();
  assert.equal(panel.status.textContent, "Exported 3 answers. 3 of them were given in quiz sets.");
});

test("links to answered cards and sets carry a mark after their name", () => {
  page(`<div class="md-content"><a href="/site/quiz/one/">One</a> <a href="/site/quiz/two/">Two</a>
    <a href="/site/quiz/sets/drill/" data-con-cards="3">Drill</a>
    <a href="/elsewhere/quiz/one/">Other site</a></div>`, "https://course.test/site/guide/");
  const store = { version: 1, answers: { one: answer("decline", 1, "best") },
    sets: { drill: { index: 1, results: { one: 1 }, choices: { one: "decline" } } } };
  markLinks(document.body, store, new Messages(english), "/site/");
  const marks = [...document.querySelectorAll(".con-mark")].map((m) => [m.previousSibling.textContent,
    m.dataset.state]);
  assert.deepEqual(marks, [["One", "best"], ["Drill", "going"]]);
});

test("an import that is not an export says so and changes nothing", async () => {
  page(PANEL);
  const given = parts();
  const panel = new ProgressPanel(document.querySelector(".con-progress"), given);
  panel.enhance();
  const input = { files: [new Blob(['{"format": "something else"}'])], value: "x" };
  await panel.upload(input);
  assert.equal(panel.status.textContent, given.messages.t("progress.notAnExport"));
  assert.deepEqual(given.store.read().answers, {});
});

test("storage notices are told on every card's notice box", () => {
  page('<p class="con-notice"></p><p class="con-notice"></p>');
  const { store } = parts();
  store.notice("storage.full");
  renderNotices(store, new Messages(english));
  const texts = [...document.querySelectorAll(".con-notice")].map((n) => n.textContent);
  assert.deepEqual(texts, [english["storage.full"], english["storage.full"]]);
});
