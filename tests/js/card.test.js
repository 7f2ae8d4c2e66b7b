// One card: what a Check shows and announces, the what-if controls, and the one
// con:graded per Check whichever grader answers.
import assert from "node:assert/strict";
import test from "node:test";
import { Card } from "../../quiz/src/card.js";
import { EVENTS } from "../../quiz/src/core.js";
import { FakeWorkerEngine, cardHtml, page, pageConfig, parts, payload, recorder, settle }
  from "./support.js";

function aCard(data = payload(), options = {}) {
  page(cardHtml(data, options));
  const given = parts(options);
  const card = new Card(/** @type {HTMLElement} */ (document.querySelector(".con-card")), given);
  card.enhance();
  return { card, given };
}

async function answer(card, choice) {
  card.radio(choice).checked = true;
  await card.submit();
}

const text = (node) => node.textContent.replace(/\s+/g, " ").trim();

test("a best answer says so, with its points and the best answers", async () => {
  const { card } = aCard();
  await answer(card, "decline");
  const feedback = text(card.feedback);
  assert.match(feedback, /^✓ Best answer: 1 point/);
  assert.match(feedback, /Best here \(Balanced policy\): “Decline”\./);
  assert.equal(card.feedback.dataset.result, "best");
  assert.equal(card.feedback.dataset.credit, "1");
});

test("each choice gets its own result and points, never another choice's", async () => {
  const { card } = aCard();
  for (const [choice, result, credit] of [["ask_first", "partial", "0.5"],
    ["accept", "wrong", "0"], ["decline", "best", "1"]]) {
    await answer(card, choice);
    assert.equal(card.feedback.dataset.result, result, choice);
    assert.equal(card.feedback.dataset.credit, credit, choice);
  }
  assert.match(text(card.feedback), /Best here \(Balanced policy\): “Decline”/);
});

test("where the posts split, every best answer is named and the split is said", async () => {
  const { card } = aCard(payload("split-card", { best: ["accept", "decline"], split: ["cathy", "biehn"] }));
  await answer(card, "accept");
  assert.match(text(card.feedback), /Best here \(Balanced policy\): “Accept” or “Decline”\./);
  // The split names the posts that disagree.
  assert.match(text(card.feedback.querySelector(".con-split")), /\(“Cathy” and “Biehn”\)/);
});

test("issue 41: on Check the focus goes to the verdict, said once: its heading, the result and the points", async (t) => {
  t.mock.timers.enable({ apis: ["setTimeout"] });
  const { card } = aCard();
  card.radio("ask_first").checked = true;
  card.part(".con-check").focus();
  const checking = card.submit();
  t.mock.timers.tick(0);
  await checking;
  t.mock.timers.tick(50);
  const heading = card.feedback.querySelector(".con-result");
  assert.equal(document.activeElement, heading);
  assert.match(heading.textContent, /Partly right: 0.5 points out of 1/);
  assert.equal(card.announcer.textContent, ""); // not said a second time
});

test("Check without a choice asks for one and grades nothing", async () => {
  const { card } = aCard();
  const seen = recorder([EVENTS.graded]);
  await card.submit();
  assert.match(text(card.feedback), /Pick an answer first/);
  assert.equal(seen.length, 0);
});

test("one con:graded per Check, with the card's set, title and page", async () => {
  const { card } = aCard(payload(), { title: "The late CFO" });
  const seen = recorder([EVENTS.graded]);
  await answer(card, "ask_first");
  assert.deepEqual(seen.map((e) => e.detail), [{ card: "test-card", set: null,
    title: "The late CFO", url: "../test-card/", choice: "ask_first", credit: 0.5,
    result: "partial", policy: "balanced", gradedBy: "key", best: ["decline"], round: 1 }]);
});

test("when Python arrives after the key graded, it takes over quietly: no second event", async () => {
  const data = payload();
  const engine = new FakeWorkerEngine(() => ({ id: "test-card", policy: "balanced",
    choice: "ask_first", credit: 0.5, result: "partial", best: ["decline"], reasons: [],
    split: [], unknown: [] }));
  engine.state = "starting";
  const { card } = aCard(data, { engine });
  const seen = recorder([EVENTS.graded]);
  await answer(card, "ask_first");
  assert.equal(card.root.dataset.gradedBy, "key");
  engine.becomeReady();
  await card.upgrade;
  assert.equal(card.root.dataset.gradedBy, "pyodide");
  assert.equal(seen.length, 1);
  assert.equal(engine.calls.filter((c) => c.op === "grade").length, 1);
});

test("when Python arrives, the what-if the learner is using stays, and their change goes to Python", async () => {
  const engine = new FakeWorkerEngine(() => ({ id: "test-card", policy: "balanced",
    choice: "ask_first", credit: 0.5, result: "partial", best: ["decline"], reasons: [],
    split: [], unknown: [] }));
  engine.state = "starting";
  const { card } = aCard(payload(), { engine });
  await answer(card, "ask_first");
  const whatIf = card.feedback.querySelector(".con-whatif");
  const select = whatIf.querySelector("select");
  select.selectedIndex = 1; // chosen while the key still answered
  engine.becomeReady();
  await card.upgrade;
  await settle();
  assert.equal(card.feedback.querySelector(".con-whatif"), whatIf); // not replaced
  assert.equal(select.selectedIndex, 1);
  assert.equal(whatIf.dataset.by, "pyodide");
  assert.equal(engine.calls.filter((c) => c.op === "evaluate").length, 1);
  assert.equal(whatIf.dataset.best, "accept");
});

test("a Python grade that differs from the key's is reported, and the key's stands", async (t) => {
  const errors = [];
  t.mock.method(console, "error", (...args) => errors.push(args));
  const engine = new FakeWorkerEngine(() => ({ id: "test-card", policy: "balanced",
    choice: "ask_first", credit: 1, result: "best", best: ["ask_first"], reasons: [],
    split: [], unknown: [] }));
  engine.state = "starting";
  const { card } = aCard(payload(), { engine });
  const seen = recorder([EVENTS.graded]);
  await answer(card, "ask_first");
  engine.becomeReady();
  await card.upgrade;
  assert.equal(errors.length, 1);
  assert.equal(card.root.dataset.gradeMismatch, "best");
  assert.equal(card.feedback.dataset.result, "partial");
  assert.equal(seen.length, 1);
});

test("a ready Python grades the Check itself", async () => {
  const engine = new FakeWorkerEngine((cardData, choice) => ({ id: cardData.id,
    policy: "balanced", choice, credit: 0, result: "wrong", best: ["decline"],
    reasons: [{ rule: "no_photo_flag", supports: ["decline"], unknown: [], held: false,
      source: "biehn", says: "x", guide: "" }], split: [], unknown: [] }));
  engine.becomeReady();
  const { card } = aCard(payload(), { engine });
  await answer(card, "accept");
  assert.equal(card.root.dataset.gradedBy, "pyodide");
  assert.equal(card.feedback.dataset.result, "wrong");
  assert.deepEqual([...card.feedback.querySelectorAll(".con-reasons li")].map((li) => li.dataset.rule),
    ["no_photo_flag"]);
});

test("what-if controls show the story's value and each change in the learner's words", async () => {
  const { card } = aCard();
  await answer(card, "decline");
  const photo = card.feedback.querySelector('select[data-fact="photo"]');
  assert.deepEqual([...photo.options].map((o) => [o.value, o.textContent]),
    [["", "As in the story: No"], ["true", "Yes"]]);
  const note = card.feedback.querySelector('select[data-fact="note"]');
  assert.deepEqual([...note.options].map((o) => o.textContent),
    ["As in the story: No note", "A personal note"]);
  assert.equal(text(card.feedback.querySelector('label[for="con-test-card-whatif-photo"]')),
    "Profile photo");
});

test("a what-if the key foresaw answers from the key at once", async () => {
  const { card } = aCard();
  await answer(card, "decline");
  const photo = card.feedback.querySelector('select[data-fact="photo"]');
  photo.value = "true";
  photo.dispatchEvent(new window.Event("change"));
  await settle();
  const section = card.feedback.querySelector(".con-whatif");
  assert.equal(section.dataset.best, "accept");
  assert.match(text(section.querySelector(".con-whatif-result")), /“Accept”/);
});

test("two changes at once go to Python; without it the card says it cannot combine", async () => {
  const { card } = aCard();
  await answer(card, "decline");
  for (const [fact, value] of [["photo", "true"], ["note", '"personal"']]) {
    const select = card.feedback.querySelector(`select[data-fact="${fact}"]`);
    select.value = value;
    select.dispatchEvent(new window.Event("change"));
  }
  await settle();
  const said = card.feedback.querySelector(".con-whatif-result");
  assert.equal(said.textContent, card.t("whatif.combine"));
});

test("the other policies' verdicts come from the key, with their first reason", async () => {
  const data = payload();
  data.key.open.best = ["accept"];
  const { card } = aCard(data);
  await answer(card, "decline");
  const others = [...card.feedback.querySelectorAll(".con-others li")];
  assert.deepEqual(others.map((li) => li.dataset.policy), ["selective", "open"]);
  assert.match(text(others[1]), /Open.*“Accept”.*No note is a warning sign\./);
});

test("issue 25: the card's own labels word every piece of feedback", async (t) => {
  t.mock.timers.enable({ apis: ["setTimeout"] });
  const data = payload("own", { labels: { accept: "Say yes", accept_and_message: "Say yes and write",
    ask_first: "Ask them why", decline: "Leave it" } });
  data.key.open.best = ["accept"];
  const { card } = aCard(data);
  card.radio("decline").checked = true;
  const checking = card.submit();
  t.mock.timers.tick(0);
  await checking;
  t.mock.timers.tick(50);
  const feedback = text(card.feedback);
  assert.match(feedback, /Best here \(Balanced policy\): “Leave it”\./);
  assert.match(text(card.feedback.querySelector(".con-others")), /Open.*“Say yes”/);
  assert.doesNotMatch(feedback, /“Decline”|“Accept”/);
});

test("a remembered answer is shown again, not graded again", () => {
  page(cardHtml(payload()));
  const given = parts();
  given.store.write((store) => {
    store.answers["test-card"] = { choice: "ask_first", credit: 0.5, result: "partial",
      policy: "balanced", at: 1 };
  });
  const card = new Card(document.querySelector(".con-card"), given);
  const seen = recorder([EVENTS.graded]);
  card.enhance();
  assert.equal(card.radio("ask_first").checked, true);
  assert.equal(card.root.dataset.restored, "partial");
  assert.equal(seen.length, 0);
});

// A card whose store remembers `answer` (as an edited or older record may hold it).
function remembering(answer) {
  page(cardHtml(payload()));
  const given = parts();
  given.store.write((store) => {
    store.answers["test-card"] = { policy: "balanced", at: 1, ...answer };
  });
  const card = new Card(document.querySelector(".con-card"), given);
  card.enhance();
  return { card, given };
}

test("R3: a remembered answer is shown as the key grades it, whatever was stored", () => {
  const { card } = remembering({ choice: "decline", credit: 0, result: "wrong" });
  assert.equal(card.root.dataset.restored, "best");
});

test("R3: a remembered choice the card does not offer is set aside, not thrown on", () => {
  const { card, given } = remembering({ choice: "send_note", credit: 1, result: "best" });
  assert.equal(card.root.dataset.restored, undefined);
  assert.ok(card.radios().every((radio) => !radio.checked));
  assert.ok(given.store.notices.has("storage.setAside"));
});

test("reasons that back different answers each say which", async () => {
  const data = payload("sides", { best: ["accept", "decline"], split: ["cathy", "biehn"] });
  data.key.balanced.reasons = [
    { rule: "personal_note", supports: ["accept"], unknown: [], held: false },
    { rule: "no_photo_flag", supports: ["decline"], unknown: ["photo"], held: false }];
  const { card } = aCard(data, { config: pageConfig() });
  await answer(card, "accept");
  const items = [...card.feedback.querySelectorAll(".con-reasons li")].map(text);
  assert.match(items[0], /^For “Accept”: A note written for you counts\./);
  assert.match(items[1], /^For “Decline”: Depending on what is not known \(“Profile photo”\)/);
});
