// Wiring the parts to a page: what a card page, a set page and a guide page get.
import assert from "node:assert/strict";
import test from "node:test";
import { EVENTS, globals } from "../../quiz/src/core.js";
import { boot } from "../../quiz/src/main.js";
import { cardHtml, english, page, pageConfig, payload, recorder, setHtml } from "./support.js";

const SCRIPT = "https://course.test/site/assets/connect-or-not/quiz.js?v=abc";
const config = (c) => `<script type="application/json" class="con-config">${JSON.stringify(c)}</script>`;

function load(body) {
  const window = page(body, "https://course.test/site/quiz/one/");
  globals().catalog = english;
  boot(SCRIPT);
  window.document.dispatchEvent(new window.Event("DOMContentLoaded"));
  return window;
}

test("a card page's cards are enhanced and grade from the key while Python is away", async () => {
  load(cardHtml(payload("one")) + config(pageConfig()));
  const card = document.querySelector(".con-card");
  assert.equal(card.dataset.enhanced, "1");
  // No Worker in this page: the grader cannot start, and the card says why.
  assert.equal(card.dataset.engine, "failed");
  const seen = recorder([EVENTS.graded]);
  card.querySelector('input[value="decline"]').checked = true;
  card.querySelector("form").dispatchEvent(new window.Event("submit", { cancelable: true }));
  await new Promise((resolve) => setTimeout(resolve, 0));
  assert.equal(seen.length, 1);
  assert.equal(seen[0].detail.gradedBy, "key");
  assert.equal(seen[0].detail.set, null);
});

test("a card inside a set belongs to the set, not to the page", () => {
  load(setHtml([payload("one"), payload("two")]) + config(pageConfig()));
  const cards = [...document.querySelectorAll(".con-card")];
  assert.deepEqual(cards.map((c) => c.hidden), [false, true]);
  assert.equal(document.querySelector(".con-set-position").textContent, "Card 1 of 2");
});

test("the learner's progress is kept per site, under the site's path", async () => {
  const window = load(cardHtml(payload("one")) + config(pageConfig()));
  const card = document.querySelector(".con-card");
  card.querySelector('input[value="ask_first"]').checked = true;
  card.querySelector("form").dispatchEvent(new window.Event("submit", { cancelable: true }));
  await new Promise((resolve) => setTimeout(resolve, 0));
  const saved = JSON.parse(window.localStorage.getItem("connect-or-not:/site/"));
  assert.equal(saved.answers.one.choice, "ask_first");
  assert.equal(saved.answers.one.credit, 0.5);
});

test("a guide page without cards reads nothing and starts nothing", () => {
  load("<h1>Receiving</h1><p>Text.</p>");
  assert.equal(document.querySelector("[data-enhanced]"), null);
});
