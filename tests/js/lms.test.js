// Reporting to an LMS, played by scorm-again (SCORM 1.2 and 2004): what the LMS
// records for an answer, a finished set and a resumed attempt. The reporter learns
// everything from the engine's events.
import assert from "node:assert/strict";
import test from "node:test";
import { EVENTS, emit } from "../../quiz/src/core.js";
import { DIALECTS, LMS, LMS_NOTICES, SuspendBackend, pack, reportToLMS, unpack }
  from "../../quiz/src/lms.js";
import { backends } from "../../quiz/src/store.js";
import { english, page } from "./support.js";

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

// -- an LMS that fails (issue 24, R7): a hand-made API object with faults to order --

// A SCORM 2004 API that stores what it is given, except where `faults` says: a call
// name -> "false" (answers "false"), "throw" (throws), "throwOnce" (throws the first time).
function faultyAPI(faults = {}, values = {}) {
  const data = { ...values };
  const calls = [];
  const thrown = new Set();
  const answer = (name, ok) => {
    calls.push(name);
    const fault = faults[name];
    if (fault === "throw" || (fault === "throwOnce" && !thrown.has(name))) {
      thrown.add(name);
      throw new Error(`${name} failed`);
    }
    return fault === "false" ? "false" : ok();
  };
  return { data, calls,
    Initialize: () => answer("Initialize", () => "true"),
    GetValue: (name) => answer("GetValue", () => data[name] ?? ""),
    SetValue: (name, value) => answer("SetValue", () => { data[name] = value; return "true"; }),
    Commit: () => answer("Commit", () => "true"),
    Terminate: () => answer("Terminate", () => "true"),
    GetLastError: () => "0" };
}

function withAPI(api) {
  const window = page();
  window.API_1484_11 = api;
  const told = [];
  window.ConnectOrNot = { notice: (id) => told.push(id), catalog: english };
  return { lms: reportToLMS(window), told, window };
}

test("the SCO numbers the interactions itself, whatever the LMS answers for _count", () => {
  const api = faultyAPI({}, { "cmi.interactions._count": "" });
  withAPI(api);
  emit(document.body, EVENTS.graded, graded("one", "accept"));
  emit(document.body, EVENTS.graded, graded("two", "decline"));
  emit(document.body, EVENTS.graded, graded("three", "ask_first"));
  assert.deepEqual([0, 1, 2].map((n) => api.data[`cmi.interactions.${n}.id`]),
    ["one", "two", "three"]);
  // A resumed session continues after the interactions the LMS already holds.
  const resumed = faultyAPI({}, { "cmi.interactions._count": "3" });
  withAPI(resumed);
  emit(document.body, EVENTS.graded, graded("one", "decline"));
  assert.equal(resumed.data["cmi.interactions.3.id"], "one");
});

test("a SetValue that answers false is tried again, then the learner is told once", () => {
  const api = faultyAPI({ SetValue: "false" });
  const { told } = withAPI(api);
  emit(document.body, EVENTS.graded, graded("one", "accept"));
  emit(document.body, EVENTS.graded, graded("two", "accept"));
  assert.deepEqual(told, [LMS_NOTICES.notSaved]);
  const id = english["lms.notSaved"];
  assert.match(id, /keep this page open and tell your trainer/i);
});

test("a Commit or a GetValue that throws once is tried again and nothing is lost", () => {
  const api = faultyAPI({ Commit: "throwOnce", GetValue: "throwOnce" });
  const { told } = withAPI(api);
  emit(document.body, EVENTS.graded, graded("one", "decline"));
  assert.equal(api.data["cmi.interactions.0.result"], "correct");
  assert.deepEqual(told, []);
});

test("an LMS whose every call throws leaves the page as the site, and says so", () => {
  const api = faultyAPI({ Initialize: "throw", GetValue: "throw", SetValue: "throw",
    Commit: "throw", Terminate: "throw" });
  const { lms, told, window } = withAPI(api);
  assert.equal(lms, null);
  assert.equal(window.ConnectOrNot.backend, undefined); // progress stays in this browser
  assert.deepEqual(told, [LMS_NOTICES.notStarted]);
});

test("progress the LMS did not take is kept in this browser and read back", () => {
  const local = backends.memory();
  const failing = faultyAPI({ SetValue: "false" });
  const lms = new LMS(failing, DIALECTS["2004"]);
  lms.start();
  const backend = new SuspendBackend(lms, local);
  backend.quizSet = SET;
  const state = { index: 1, results: { one: 1 }, choices: { one: "decline" } };
  backend.set("k", JSON.stringify({ version: 2, answers: {}, sets: { drill: state } }));
  // The page is reloaded: the LMS has no suspend data, this browser has the copy.
  const again = new SuspendBackend(new LMS(faultyAPI(), DIALECTS["2004"]), local);
  again.quizSet = SET;
  assert.deepEqual(JSON.parse(again.get("k")).sets.drill, state);
  // Once the LMS takes it, the copy goes.
  again.set("k", again.get("k"));
  assert.equal(local.get("k:lms:drill:ABCD0123"), null);
});

test("a mastery score the LMS garbles falls back to the set's own", () => {
  const api = faultyAPI({}, { "cmi.scaled_passing_score": "lots" });
  withAPI(api);
  emit(document.body, EVENTS.setComplete, { set: SET, results: {}, score: 2.5, max: 3 });
  assert.equal(api.data["cmi.success_status"], "passed");
});

// -- a detour to the guide keeps the session (issue 24, R2) ----------------------

function packagePage(version = "2004") {
  const window = page(`<main><a id="guide" href="../../receiving.html#notes">guide</a>
    <a id="post" href="https://example.com/post">post</a>
    <a id="here" href="#top">top</a></main>`,
  "https://lms.test/pkg/quiz/sets/drill.html");
  const api = version === "2004" ? new Scorm2004API({ logLevel: 5 })
    : new Scorm12API({ logLevel: 5 });
  window[DIALECTS[version].api] = api;
  window.ConnectOrNot = { catalog: english };
  const lms = reportToLMS(window, new URL("https://lms.test/pkg/"));
  return { window, api, lms };
}

const click = (window, id) => {
  const event = new window.MouseEvent("click", { bubbles: true, cancelable: true, button: 0 });
  window.document.getElementById(id).dispatchEvent(event);
  return event;
};

test("a link to another page of the package opens over the quiz; the page stays", () => {
  const { window, api } = packagePage();
  const event = click(window, "guide");
  assert.equal(event.defaultPrevented, true);
  const dialog = window.document.querySelector("dialog.con-detour");
  assert.ok(dialog.hasAttribute("open"));
  assert.equal(dialog.querySelector("iframe").getAttribute("src"),
    "https://lms.test/pkg/receiving.html#notes");
  assert.equal(dialog.querySelector("iframe").title, english["lms.detourFrame"]);
  const back = dialog.querySelector("button");
  assert.equal(back.textContent, english["lms.back"]);
  assert.equal(window.document.activeElement, back);
  back.click();
  assert.ok(!dialog.hasAttribute("open"));
  assert.equal(window.document.activeElement, window.document.getElementById("guide"));
  assert.equal(api.isTerminated(), false);
});

test("a link out of the package opens in a new tab; one on the page is left alone", () => {
  const { window } = packagePage("1.2");
  const out = click(window, "post");
  assert.equal(out.defaultPrevented, false);
  assert.equal(window.document.getElementById("post").target, "_blank");
  assert.equal(click(window, "here").defaultPrevented, false);
  assert.equal(window.document.querySelector("dialog.con-detour"), null);
});
