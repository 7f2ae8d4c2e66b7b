// Reporting to an LMS, played by scorm-again (SCORM 1.2 and 2004): what the LMS
// records for an answer, a finished set and a resumed attempt. The reporter learns
// everything from the engine's events.
import assert from "node:assert/strict";
import test from "node:test";
import { EVENTS, emit } from "../../quiz/src/core.js";
import { DIALECTS, LMS, SuspendBackend, pack, reportToLMS, unpack } from "../../quiz/src/lms.js";
import { page } from "./support.js";

const { Scorm12API, Scorm2004API } = await import("scorm-again");

const CREDIT = { accept: 0, ask_first: 0.5, decline: 1 };
const SET = { id: "drill", code: "ABCD0123", mastery: 0.8, policy: "balanced",
  cards: ["one", "two", "three"].map((id) => ({ id, title: id, credit: CREDIT,
    choices: ["accept", "ask_first", "decline"] })) };

function graded(card, choice) {
  const credit = CREDIT[choice];
  return { card, set: "drill", title: card, url: `../${card}/`, choice, credit,
    result: credit === 1 ? "best" : credit ? "partial" : "wrong", policy: "balanced",
    gradedBy: "key", best: ["decline"] };
}

function inLMS(version) {
  const window = page();
  const api = version === "2004" ? new Scorm2004API({ logLevel: 5 })
    : new Scorm12API({ logLevel: 5 });
  window[DIALECTS[version].api] = api;
  window.ConnectOrNot = {};
  const lms = reportToLMS(window);
  return { api, lms, window };
}

// The LMS's data model as it stores it (write-only fields too).
const stored = (api) => JSON.parse(JSON.stringify(api.cmi));
const interaction = (api, n) => stored(api).interactions[n];

for (const version of ["2004", "1.2"]) {
  test(`SCORM ${version}: each answer is an interaction, wrong ones recorded as wrong`, () => {
    const { api } = inLMS(version);
    emit(document.body, EVENTS.graded, graded("one", "accept"));
    emit(document.body, EVENTS.graded, graded("two", "decline"));
    emit(document.body, EVENTS.graded, graded("three", "ask_first"));
    const results = [0, 1, 2].map((n) => interaction(api, n).result);
    assert.deepEqual(results, [version === "2004" ? "incorrect" : "wrong", "correct", "0.5"]);
    assert.equal(interaction(api, 0).id, "one");
    assert.equal(interaction(api, 0)[DIALECTS[version].response], "accept");
  });

  test(`SCORM ${version}: answering a card again updates its interaction`, () => {
    const { api } = inLMS(version);
    emit(document.body, EVENTS.graded, graded("one", "accept"));
    emit(document.body, EVENTS.graded, graded("one", "decline"));
    assert.equal(Object.keys(stored(api).interactions).length, 1);
    assert.equal(interaction(api, 0).result, "correct");
  });

  test(`SCORM ${version}: a finished set reports its score and passes or fails it`, () => {
    const { api } = inLMS(version);
    emit(document.body, EVENTS.setComplete, { set: SET, results: { one: 1, two: 1, three: 0.5 },
      score: 2.5, max: 3 });
    const status = (cmi) => (version === "2004" ? cmi.success_status : cmi.core.lesson_status);
    assert.equal(status(stored(api)), "passed");
    const raw = version === "2004" ? stored(api).score.raw : stored(api).core.score.raw;
    assert.equal(raw, "2.5");
    const again = inLMS(version).api;
    emit(document.body, EVENTS.setComplete, { set: SET, results: { one: 1, two: 0.5 },
      score: 1.5, max: 3 });
    assert.equal(status(stored(again)), "failed");
  });
}

test("the set's progress round-trips through the suspend data, points from the key", () => {
  const state = { index: 2, results: { one: 1, two: 0.5 }, choices: { one: "decline", two: "ask_first" } };
  const packed = pack(state, SET);
  assert.equal(packed, "1:2:21-");
  assert.deepEqual(unpack(packed, SET), state);
  assert.equal(unpack("1:2:21", SET), null);
  assert.equal(unpack("<script>", SET), null);
  assert.deepEqual(unpack("1:9:9--", SET), { index: 3, results: {}, choices: {} });
});

test("the backend learns the set from its announcement and resumes from the LMS", () => {
  const { api, window } = inLMS("2004");
  api.cmi.suspend_data = "1:1:2--";
  const backend = window.ConnectOrNot.backend;
  assert.ok(backend instanceof SuspendBackend);
  assert.equal(backend.get("k"), null); // no set announced yet: nothing to read
  emit(document.body, EVENTS.setOpened, { set: SET });
  const stored = JSON.parse(backend.get("k"));
  assert.deepEqual(stored.sets.drill, { index: 1, results: { one: 1 }, choices: { one: "decline" } });
  backend.set("k", JSON.stringify({ ...stored, sets: { drill: { index: 2,
    results: { one: 1, two: 0 }, choices: { one: "decline", two: "accept" } } } }));
  assert.equal(api.cmi.suspend_data, "1:2:20-");
});

test("without an LMS nothing is reported and no backend is set", () => {
  const window = page();
  window.ConnectOrNot = {};
  assert.equal(reportToLMS(window), null);
  assert.equal(window.ConnectOrNot.backend, undefined);
});

test("leaving the page ends the session, suspended until the set is done", () => {
  const { api, lms } = inLMS("1.2");
  lms.finish();
  assert.equal(stored(api).core.exit, "suspend");
  assert.ok(lms instanceof LMS);
});
