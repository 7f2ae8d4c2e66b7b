// The trainer's pages: the presenter view (one card large, the answer on Reveal,
// keys) and the class tally (codes pasted from a chat, counted per card).
import assert from "node:assert/strict";
import test from "node:test";
import { Presenter } from "../../quiz/src/present.js";
import { setOrder } from "../../quiz/src/set.js";
import { decode, encode } from "../../quiz/src/tally.js";
import { Tally } from "../../quiz/src/tally-page.js";
import { cardHtml, page, parts, payload } from "./support.js";

const CARDS = [payload("one"), payload("two", { best: ["accept", "decline"], split: ["cathy", "biehn"] })];

function presenter() {
  const config = { id: "drill", cards: ["one", "two"], shuffle: false, seed: 1, mastery: 0.8,
    code: "ABCD0123" };
  page(`<section class="con-present"><button class="con-present-prev"></button>
    <button class="con-present-reveal"></button><button class="con-present-next"></button>
    <button class="con-present-full"></button><button class="con-present-blank-button"></button>
    <button class="con-present-scheme"></button><button class="con-present-round2"></button>
    <a class="con-present-leave" href="../"></a><p class="con-present-discuss"></p>
    <span class="con-present-position"></span>${CARDS.map((c) => cardHtml(c)).join("")}
    <script type="application/json" class="con-set-data">${JSON.stringify(config)}</script></section>`);
  const shown = new Presenter(document.querySelector(".con-present"), parts());
  shown.enhance();
  return shown;
}

const key = (name, target = document) => target.dispatchEvent(
  new window.KeyboardEvent("keydown", { key: name, bubbles: true, cancelable: true }));

test("the presenter shows one card, its choices with boxes for hands, no Check", () => {
  const shown = presenter();
  const visible = [...shown.cards.values()].filter((card) => !card.root.hidden);
  assert.deepEqual(visible.map((card) => card.id), ["one"]);
  assert.equal(shown.position.textContent, "Card 1 of 2");
  assert.equal(visible[0].root.querySelectorAll(".con-hands").length, 4);
  assert.equal(visible[0].part(".con-actions").hidden, true);
});

test("Reveal marks every best answer and names them; R hides it again", () => {
  const shown = presenter();
  key("ArrowRight");
  assert.equal(shown.current.id, "two");
  key("r");
  const best = [...shown.current.root.querySelectorAll(".con-present-best input[type=radio]")].map((i) => i.value);
  assert.deepEqual(best, ["accept", "decline"]);
  assert.match(shown.current.feedback.textContent, /“Accept” or “Decline”/);
  assert.ok(shown.current.feedback.querySelector(".con-split"));
  key("R");
  assert.equal(shown.current.feedback.textContent, "");
});

test("moving on starts the next card unrevealed; the ends stay put", () => {
  const shown = presenter();
  key("ArrowLeft");
  assert.equal(shown.current.id, "one");
  key("r");
  key(" ");
  assert.equal(shown.current.id, "two");
  assert.equal(shown.root.dataset.revealed, "");
  key("ArrowRight");
  assert.equal(shown.current.id, "two");
});

test("issue 26: the keys work from a focused button; Page Down and Up step; B blanks", () => {
  const shown = presenter();
  const next = shown.part(".con-present-next");
  key("PageDown", next);
  assert.equal(shown.current.id, "two");
  key("PageUp", next);
  assert.equal(shown.current.id, "one");
  key("b", next);
  assert.equal(shown.root.dataset.blank, "1");
  assert.equal(shown.root.querySelector(".con-present-blank").hidden, false);
  key("ArrowRight", next); // a step brings the card back
  assert.equal(shown.root.dataset.blank, "");
  assert.equal(shown.current.id, "two");
  // A count being typed keeps its keys.
  const box = shown.current.root.querySelector(".con-hands");
  key("ArrowLeft", box);
  assert.equal(shown.current.id, "two");
});

test("issue 26: the reveal marks the best answer in words and shows the debrief", () => {
  const data = payload("one");
  data.debrief = "<p>Think of the coffee test.</p>";
  page(`<section class="con-present"><button class="con-present-prev"></button>
    <button class="con-present-reveal"></button><button class="con-present-next"></button>
    <button class="con-present-full"></button><button class="con-present-blank-button"></button>
    <button class="con-present-scheme"></button><button class="con-present-round2"></button>
    <a class="con-present-leave" href="../"></a><p class="con-present-discuss"></p>
    <span class="con-present-position"></span>${cardHtml(data)}
    <script type="application/json" class="con-set-data">${JSON.stringify({ id: "d",
    cards: ["one"], shuffle: false, seed: 1, mastery: 0.8, code: "ABCD0123" })}</script></section>`);
  const shown = new Presenter(document.querySelector(".con-present"), parts());
  shown.enhance();
  key("r");
  const marks = [...shown.current.root.querySelectorAll(".con-present-best .con-present-mark")];
  assert.deepEqual(marks.map((m) => m.textContent), ["✓ Best answer"]);
  assert.equal(shown.current.feedback.querySelector(".con-debrief")?.textContent,
    "Think of the coffee test.");
  key("r");
  assert.equal(shown.current.root.querySelectorAll(".con-present-mark").length, 0);
  // The show of hands as bars: each choice's share.
  const boxes = [...shown.current.root.querySelectorAll(".con-hands")];
  boxes[0].value = "3";
  boxes[1].value = "1";
  shown.current.form.dispatchEvent(new window.Event("input"));
  const widths = [...shown.current.root.querySelectorAll(".con-hands-bar")].map((b) => b.style.width);
  assert.deepEqual(widths, ["75%", "25%", "0%", "0%"]);
});

test("issue 26: two rounds of hands, then the reveal shows both side by side", () => {
  const shown = presenter();
  const boxes = (round) => [...shown.current.root.querySelectorAll(`.con-hands[data-round="${round}"]`)];
  assert.equal(boxes(2).length, 0);
  boxes(1)[0].value = "4";
  boxes(1)[3].value = "6";
  key("2");
  assert.equal(shown.part(".con-present-discuss").textContent,
    "Talk it over with your neighbour, then vote again: round 2.");
  assert.equal(boxes(2).length, 4);
  boxes(2)[3].value = "9";
  boxes(2)[0].value = "1";
  shown.current.form.dispatchEvent(new window.Event("input"));
  const widths = (round) => [...shown.current.root.querySelectorAll(
    `.con-hands-track[data-round="${round}"] .con-hands-bar`)].map((b) => b.style.width);
  assert.deepEqual(widths(1), ["40%", "0%", "0%", "60%"]);
  assert.deepEqual(widths(2), ["10%", "0%", "0%", "90%"]);
  key("r");
  // The columns are named once, above the boxes; no line per choice (issue 41).
  const heads = shown.current.root.querySelectorAll(".con-present-round-heads");
  assert.equal(heads.length, 1);
  assert.deepEqual([...heads[0].children].map((s) => s.textContent), ["", "Round 1", "Round 2"]);
  assert.equal(boxes(2)[3].value, "9");
  key("ArrowRight");
  assert.equal(shown.part(".con-present-discuss").textContent, ""); // the next card: round 1
  key("ArrowLeft");
  assert.equal(boxes(2).length, 4); // the counts stay with their card
});

const TALLY_SET = { id: "drill", title: "Drill", code: "ABCD0123", shuffle: false, seed: 1, cards: [
  { id: "one", title: "One", choices: ["accept", "ask_first", "decline"],
    labels: ["Accept", "Ask first", "Decline"], best: ["decline"] },
  { id: "two", title: "Two", choices: ["accept", "ask_first", "decline", "accept_and_message"],
    labels: ["Accept", "Ask first", "Decline", "Accept and talk"], best: ["accept_and_message"] }] };

function tally(chat) {
  page(`<section class="con-tally"><textarea class="con-tally-input"></textarea>
    <button class="con-tally-count"></button><button class="con-tally-full" hidden></button>
    <p class="con-tally-status"></p>
    <div class="con-tally-results"></div><script type="application/json" class="con-tally-data">
    ${JSON.stringify({ sets: [TALLY_SET] })}</script></section>`);
  const counted = new Tally(document.querySelector(".con-tally"), parts());
  counted.enhance();
  counted.input.value = chat;
  counted.part(".con-tally-count").click();
  return counted;
}

test("the tally counts each answer, a fourth choice included, and the best share", () => {
  const codes = [encode("ABCD0123", [2, 3]), encode("ABCD0123", [0, 3]),
    encode("ABCD0123", [2, -1])];
  const counted = tally(`Sam: ${codes[0]}\nAli: my code is ${codes[1]} thanks\nJo ${codes[2]}`);
  assert.equal(counted.root.dataset.read, "3");
  const bars = (card) => [...counted.results.querySelectorAll(
    `.con-tally-card[data-card="${card}"] li`)].map((li) => Number(li.dataset.count));
  assert.deepEqual(bars("one"), [1, 0, 2]);
  assert.deepEqual(bars("two"), [0, 0, 0, 2]);
  assert.match(counted.results.querySelector('[data-card="two"] .con-tally-share').textContent, /67/);
});

test("issue 26: the tally numbers a shuffled set's cards in the order the room saw", () => {
  const shuffled = { ...TALLY_SET, shuffle: true, seed: 7 };
  const seen = setOrder({ cards: ["one", "two"], shuffle: true, seed: 7 });
  assert.deepEqual(seen, ["two", "one"]); // this seed swaps them: the test means something
  page(`<section class="con-tally"><textarea class="con-tally-input"></textarea>
    <button class="con-tally-count"></button><button class="con-tally-full" hidden></button>
    <p class="con-tally-status"></p><div class="con-tally-results"></div>
    <script type="application/json" class="con-tally-data">
    ${JSON.stringify({ sets: [shuffled] })}</script></section>`);
  const counted = new Tally(document.querySelector(".con-tally"), parts());
  counted.enhance();
  counted.input.value = encode("ABCD0123", [2, 3]);
  counted.part(".con-tally-count").click();
  const headings = [...counted.results.querySelectorAll(".con-tally-card h3")]
    .map((h) => h.textContent);
  assert.deepEqual(headings, ["1. Two", "2. One"]);
  assert.equal(counted.part(".con-tally-full").hidden, false);
});

test("issue 26: a second round's code says so, and the tally shows both rounds and the shift", () => {
  const first = encode("ABCD0123", [0, 0]);
  const second = encode("ABCD0123", [2, 3], 2);
  assert.notEqual(first.replace(/-/g, ""), second.replace(/-/g, ""));
  assert.deepEqual(decode(second, [TALLY_SET]).round, 2);
  assert.deepEqual(decode(first, [TALLY_SET]).round, 1);
  assert.deepEqual(decode(second, [TALLY_SET]).places, [2, 3]);
  // The same answers in both rounds are two codes, not a repeat.
  const same = [encode("ABCD0123", [2, 3]), second];
  // Untagged codes (from before learners' tags): two learners, the larger round.
  const counted = tally(`Sam: ${first}\nAli: ${same[0]}\nSam: ${second}\nAli: ${second}`);
  assert.equal(counted.root.dataset.read, "2");
  assert.equal(counted.root.dataset.repeats, "1");
  const card = counted.results.querySelector('.con-tally-card[data-card="one"]');
  assert.equal(card.querySelector(".con-tally-share").textContent,
    "The best answer: 50% in round 1, 100% in round 2");
  const counts = (round) => [...card.querySelectorAll(`[data-round="${round}"] li`)]
    .map((li) => Number(li.dataset.count));
  assert.deepEqual(counts(1), [1, 0, 1]);
  assert.deepEqual(counts(2), [0, 0, 1]);
  assert.match(counted.results.querySelector(".con-tally-rounds").textContent, /round 1: 2; .*: 1\./);
});

test("a damaged code is refused and counted as refused", () => {
  const good = encode("ABCD0123", [2, 3]);
  const damaged = `${good.slice(0, -1)}${good.endsWith("0") ? "1" : "0"}`;
  const counted = tally(`${good}\n${damaged}`);
  assert.equal(counted.root.dataset.read, "1");
  assert.equal(counted.root.dataset.rejected, "1");
  const { messages } = parts();
  assert.equal(counted.status.textContent, `${messages.t("tally.found", { count: 1 })} ` +
    messages.t("tally.rejected", { count: 1 }));
});

// -- issue 41: votes from phones, and joining by QR code -----------------------------

test("issue 41: the room's votes (con:votes) fill a round's boxes and bars; other sets are not heard", async () => {
  const { EVENTS, emit } = await import("../../quiz/src/core.js");
  const shown = presenter();
  const card = shown.current;
  const decisions = [...card.root.querySelectorAll("input[type=radio]")].map((r) => r.value);
  const counts = Object.fromEntries(decisions.map((d, i) => [d, i === 0 ? 3 : i === 1 ? 1 : 0]));
  emit(document, EVENTS.votes, { set: "elsewhere", card: card.id, round: 1, counts });
  const boxes = (round) => [...card.root.querySelectorAll(`.con-hands[data-round="${round}"]`)];
  assert.deepEqual(boxes(1).map((b) => b.value), ["", "", "", ""]);
  emit(document, EVENTS.votes, { set: "drill", card: card.id, round: 1, counts });
  assert.deepEqual(boxes(1).map((b) => b.value), ["3", "1", "0", "0"]);
  const widths = [...card.root.querySelectorAll('.con-hands-track[data-round="1"] .con-hands-bar')]
    .map((b) => b.style.width);
  assert.deepEqual(widths, ["75%", "25%", "0%", "0%"]);
  // Round 2's votes wait for the trainer's round 2, then fill its boxes.
  const second = Object.fromEntries(decisions.map((d, i) => [d, i === 3 ? 4 : 0]));
  emit(document, EVENTS.votes, { set: "drill", card: card.id, round: 2, counts: second });
  assert.equal(boxes(2).length, 0);
  key("2");
  assert.deepEqual(boxes(2).map((b) => b.value), ["0", "0", "0", "4"]);
});

test("issue 41: J shows the join code over the card, and a step takes it away", () => {
  const shown = presenter();
  const panel = document.createElement("div");
  panel.className = "con-present-join";
  panel.hidden = true;
  const button = document.createElement("button");
  button.className = "con-present-join-button";
  shown.root.append(panel, button);
  shown.enhance();
  key("j");
  assert.equal(panel.hidden, false);
  assert.equal(button.getAttribute("aria-expanded"), "true");
  key("ArrowRight");
  assert.equal(panel.hidden, true);
  button.click();
  assert.equal(panel.hidden, false);
  key("J");
  assert.equal(panel.hidden, true);
});
