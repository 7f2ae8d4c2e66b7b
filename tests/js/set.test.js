// A quiz set: its order (the trainer's, or a seeded shuffle a class shares), its
// score, its place in the store and what it announces.
import assert from "node:assert/strict";
import test from "node:test";
import { EVENTS } from "../../quiz/src/core.js";
import { QuizSet, seededOrder, setOrder } from "../../quiz/src/set.js";
import { page, parts, payload, recorder, setHtml } from "./support.js";

const IDS = ["a", "b", "c", "d", "e", "f", "g", "h"];

test("without shuffle the trainer's order stands", () => {
  assert.deepEqual(setOrder({ id: "s", cards: IDS, shuffle: false, seed: 7 }), IDS);
});

test("a seed gives every learner the same order, a permutation of the cards", () => {
  const first = setOrder({ id: "s", cards: IDS, shuffle: true, seed: 7 });
  const again = setOrder({ id: "s", cards: IDS, shuffle: true, seed: 7 });
  assert.deepEqual(first, again);
  assert.deepEqual([...first].sort(), IDS);
  assert.notDeepEqual(first, IDS);
});

test("another seed gives another order", () => {
  const seven = seededOrder(IDS, 7);
  const three = seededOrder(IDS, 3);
  assert.notDeepEqual(seven, three);
});

test("shuffling leaves the configured list alone", () => {
  const cards = [...IDS];
  seededOrder(cards, 7);
  assert.deepEqual(cards, IDS);
});

// -- the set on a page ------------------------------------------------------------

const CARDS = ["one", "two", "three"].map((id) => payload(id));

function aSet(given = parts(), cards = CARDS) {
  page(setHtml(cards));
  const set = new QuizSet(document.querySelector(".con-set"), given);
  return { set, given };
}

async function answer(set, choice) {
  const card = set.current();
  card.radio(choice).checked = true;
  await card.submit();
}

// The whole set, card by card: each choice checked, then "Next card".
async function answerAll(set, choices) {
  for (const choice of choices) {
    await answer(set, choice);
    set.next.click();
  }
}

test("the set scores partial credit as its share, not as a full point", async () => {
  const { set } = aSet();
  const seen = recorder([EVENTS.setComplete]);
  set.enhance();
  await answerAll(set, ["decline", "ask_first", "ask_first"]);
  assert.equal(seen.length, 1);
  assert.equal(seen[0].detail.score, 2);
  assert.equal(seen[0].detail.max, 3);
  assert.equal(set.summary.querySelector(".con-set-score").textContent, "Score: 2 of 3 points.");
  const points = [...set.summary.querySelectorAll(".con-set-breakdown tbody td:last-child")]
    .map((td) => td.textContent);
  assert.deepEqual(points, ["1 point", "0.5 points", "0.5 points"]);
});

test("issue 25: the summary names each answer in its card's own words", async () => {
  const own = payload("own", { labels: { accept: "Say yes", accept_and_message: "Say yes and write",
    ask_first: "Ask them why", decline: "Leave it" } });
  const { set } = aSet(parts(), [own, payload("plain")]);
  set.enhance();
  await answerAll(set, ["ask_first", "ask_first"]);
  const rows = [...set.summary.querySelectorAll(".con-set-breakdown tbody tr")]
    .map((tr) => [...tr.querySelectorAll("td")].slice(0, 2).map((td) => td.textContent));
  assert.deepEqual(rows, [["Ask them why", "Leave it"],
    ["Ask what they hope for first", "Decline"]]);
});

test("issue 26: \"Next card\" comes up right below the verdict, and goes back on", async () => {
  const { set } = aSet();
  set.enhance();
  await answer(set, "decline");
  const card = set.current();
  const best = card.feedback.querySelector(".con-result + p");
  assert.equal(best.nextElementSibling, set.next.parentElement);
  assert.equal(set.next.hidden, false);
  set.next.click();
  assert.equal(set.next.parentElement.nextElementSibling, set.summary);
  assert.equal(set.next.hidden, true);
  assert.equal(set.current().id, "two");
});

test("issue 26: after a set, the class votes again as round 2, which its summary says", async () => {
  const { set } = aSet();
  const seen = recorder([EVENTS.summary]);
  set.enhance();
  await answerAll(set, ["decline", "decline", "decline"]);
  assert.equal(seen.at(-1).detail.round, 1);
  set.summary.querySelector(".con-set-round2").click();
  assert.equal(set.position.textContent, "Round 2: card 1 of 3");
  assert.equal(set.current().feedback.textContent, ""); // a fresh attempt
  await answerAll(set, ["ask_first", "ask_first", "ask_first"]);
  assert.equal(seen.at(-1).detail.round, 2);
  assert.equal(set.summary.querySelector(".con-set-round2"), null); // two rounds at most
  assert.equal(set.store.read().sets.drill.round, 2);
});

test("a stored attempt resumes at the card it stopped on, not the next one", () => {
  const given = parts();
  given.store.write((store) => {
    store.sets.drill = { index: 1, results: { one: 1 }, choices: { one: "decline" } };
  });
  const { set } = aSet(given);
  set.enhance();
  const shown = [...set.cards.values()].filter((card) => !card.root.hidden).map((c) => c.id);
  assert.deepEqual(shown, ["two"]);
  assert.equal(set.position.textContent, "Card 2 of 3");
});

test("each card's answer is kept in the set's attempt, not with the card's own page", async () => {
  const { set, given } = aSet();
  set.enhance();
  await answer(set, "ask_first");
  const stored = given.store.read();
  assert.deepEqual(stored.sets.drill.choices, { one: "ask_first" });
  assert.deepEqual(stored.sets.drill.results, { one: 0.5 });
  assert.deepEqual(stored.answers, {});
});

test("a card in a set announces the set; the set announces itself before reading", async () => {
  const { set } = aSet();
  const seen = recorder([EVENTS.setOpened, EVENTS.graded]);
  set.enhance();
  assert.equal(seen[0].name, EVENTS.setOpened);
  const info = seen[0].detail.set;
  assert.deepEqual(info.cards.map((c) => c.id), ["one", "two", "three"]);
  assert.deepEqual(info.cards[0].choices, ["accept", "accept_and_message", "ask_first", "decline"]);
  assert.deepEqual(info.cards[0].credit, CARDS[0].key.balanced.credit);
  assert.equal(info.code, "ABCD0123");
  await answer(set, "decline");
  assert.equal(seen[1].detail.set, "drill");
});

test("the summary lists the missed cards' reasons and gives listeners a place", async () => {
  const { set } = aSet();
  const seen = recorder([EVENTS.summary]);
  set.enhance();
  await answerAll(set, ["decline", "accept", "decline"]);
  const missed = [...set.summary.querySelectorAll(".con-set-missed li")];
  assert.deepEqual([...new Set(missed.map((li) => li.dataset.card))], ["two"]);
  assert.equal(seen.length, 1);
  assert.ok(set.summary.contains(seen[0].detail.extras));
  assert.deepEqual(seen[0].detail.choices, { one: "decline", two: "accept", three: "decline" });
});

test("issue 41: the summary gives the score, then what listeners add (the code), then the cards", async () => {
  const { set } = aSet();
  set.enhance();
  await answerAll(set, ["decline", "decline", "decline"]);
  const order = [...set.summary.children].map((node) => node.className || node.tagName);
  assert.deepEqual(order.slice(0, 4), ["con-set-results", "con-set-score", "con-set-extras",
    "con-set-breakdown"]);
});

test("Retry starts the attempt again at the first card", async () => {
  const { set, given } = aSet();
  set.enhance();
  await answerAll(set, ["decline", "decline", "decline"]);
  const { learner } = given.store.read().sets.drill;
  assert.match(learner, /^[0-9A-HJKMNP-TV-Z]{4}$/);
  set.summary.querySelector(".con-set-retry").click();
  // The learner's tag stays: the tally counts this learner once.
  assert.deepEqual(given.store.read().sets.drill, { index: 0, results: {}, choices: {}, learner });
  assert.equal(set.position.textContent, "Card 1 of 3");
  assert.equal(set.current().picked(), undefined);
});

// -- issue 24, R3 and R4: a stored attempt is graded again from the answer key ---------

test("R4: points are worked out from the choices and the key, never taken as stored", async () => {
  const given = parts();
  // A crafted file: full points claimed for two wrong choices.
  given.store.write((store) => {
    store.sets.drill = { index: 2, results: { one: 1, two: 1 },
      choices: { one: "accept", two: "accept" } };
  });
  const { set } = aSet(given);
  const seen = recorder([EVENTS.setComplete]);
  set.enhance();
  await answerAll(set, ["accept"]);
  assert.equal(seen[0].detail.score, 0);
  assert.deepEqual(seen[0].detail.results, { one: 0, two: 0, three: 0 });
  assert.equal(set.summary.querySelector(".con-set-score").textContent, "Score: 0 of 3 points.");
});

test("R3: a stored choice the card does not offer is set aside with a notice", () => {
  const given = parts();
  given.store.write((store) => {
    store.sets.drill = { index: 1, results: { one: 1, ghost: 1 },
      choices: { one: "send_note", two: "__proto__" } };
  });
  const { set } = aSet(given);
  set.enhance();
  const { learner, ...progress } = set.progress();
  assert.deepEqual(progress, { index: 1, results: {}, choices: {} });
  assert.ok(given.store.notices.has("storage.setAside"));
});

test("issue 41: an import on the set's page shows the imported attempt at once", async () => {
  const { set, given } = aSet();
  set.enhance();
  assert.equal(set.position.textContent, "Card 1 of 3");
  const ids = set.order;
  const file = { format: "connect-or-not-progress", version: 1, answers: {},
    sets: { drill: { index: 1, results: { [ids[0]]: 1 }, choices: { [ids[0]]: "decline" } } } };
  assert.equal(given.store.importData(file).inSets, 1);
  document.dispatchEvent(new window.CustomEvent(EVENTS.stored));
  assert.equal(set.position.textContent, "Card 2 of 3");
  assert.equal(set.current().id, ids[1]);
  // The set's own writes do not re-render it (the answer stays on screen).
  await answer(set, "accept");
  const shown = set.current().feedback.innerHTML;
  document.dispatchEvent(new window.CustomEvent(EVENTS.stored));
  assert.equal(set.current().feedback.innerHTML, shown);
  assert.equal(set.next.hidden, false);
});
