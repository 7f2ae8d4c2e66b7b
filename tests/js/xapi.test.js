// Learning records: the outbox (IndexedDB, played by fake-indexeddb), sending with
// its retries, the statements' shape, the cmi5 launch as an LMS might write it (or
// mangle it), and the live tally's reading. The browser tests send to a real Ralph;
// here the LRS is a small table of statements by id, as xAPI describes one.
import assert from "node:assert/strict";
import test from "node:test";
import { IDBFactory } from "fake-indexeddb";
import { XAPI } from "../../quiz/src/contract-records.js";
import { EVENTS, Messages, emit } from "../../quiz/src/core.js";
import { LivePoll, rowsFrom } from "../../quiz/src/tally-live.js";
import { Outbox, Records, Sender, Statements, launchParameters, reportToLRS }
  from "../../quiz/src/xapi.js";
import { english, page } from "./support.js";

const ENDPOINT = "https://lrs.test/xAPI/";
const COURSE = "https://course.test/";

// An LRS: statements by id; `down` answers nothing, `status` answers that status;
// `lose` stores a POST but loses its answer (the connection drops).
function lrs() {
  const state = { stored: new Map(), down: false, status: 0, lose: false, requests: [] };
  state.fetch = async (url, init) => {
    state.requests.push({ url, method: init.method, headers: init.headers });
    if (state.down) throw new TypeError("Failed to fetch");
    if (state.status) return { status: state.status };
    const body = JSON.parse(init.body);
    const statements = Array.isArray(body) ? body : [body];
    if (statements.some((s) => !s.verb)) return { status: 400 };
    if (statements.some((s) => state.stored.has(s.id))) return { status: 409 };
    statements.forEach((s) => state.stored.set(s.id, s));
    if (state.lose) throw new TypeError("Failed to fetch");
    // As xAPI answers: a POST with the stored statements' ids, a PUT with no content.
    return init.method === "PUT" ? { status: 204 }
      : { status: 200, json: async () => statements.map((s) => s.id) };
  };
  return state;
}

function statement(n) {
  return { id: `00000000-0000-4000-8000-${String(n).padStart(12, "0")}`,
    actor: { account: { homePage: COURSE, name: "a" } },
    verb: { id: XAPI.answered }, object: { id: `${COURSE}quiz/c${n}/` } };
}

const waiting = (items) => items.map((s) => ({ endpoint: ENDPOINT, auth: "Basic x", statement: s }));

function sender(server, factory = new IDBFactory()) {
  const told = [];
  const retries = [];
  return Outbox.open(factory).then((outbox) => ({
    outbox, factory, told, retries,
    sender: new Sender(outbox, { fetch: server.fetch, locks: null,
      told: (w, r) => told.push([w, r]), later: (run, ms) => retries.push({ run, ms }) }),
  }));
}

test("statements wait while the LRS is down, then each arrives once, in order", async () => {
  const server = lrs();
  const { sender: s, told, retries, outbox } = await sender(server);
  server.down = true;
  await s.queue(waiting([statement(1), statement(2)]));
  await s.queue(waiting([statement(3)]));
  assert.deepEqual(told.at(-1), [3, 0]);
  assert.equal(server.stored.size, 0);
  assert.ok(retries.length >= 1, "a try is planned");
  assert.equal(retries[0].ms, 2000);
  server.down = false;
  retries[0].run();
  await s.sending;
  assert.deepEqual([...server.stored.keys()], [1, 2, 3].map((n) => statement(n).id));
  assert.deepEqual(told.at(-1), [0, 0]);
  assert.deepEqual(await outbox.all(), []);
});

test("a reload finds what waited and sends it (the outbox is IndexedDB)", async () => {
  const server = lrs();
  const first = await sender(server);
  server.status = 503;
  await first.sender.queue(waiting([statement(1), statement(2)]));
  assert.equal(server.stored.size, 0);
  // The next page: the same browser's IndexedDB, a new sender.
  server.status = 0;
  const next = await sender(server, first.factory);
  await next.sender.flush();
  assert.equal(server.stored.size, 2);
  assert.deepEqual(next.told.at(-1), [0, 0]);
});

test("a POST whose answer was lost is not stored twice: the LRS's 409 clears it", async () => {
  const server = lrs();
  const { sender: s, retries, outbox } = await sender(server);
  server.lose = true;
  await s.queue(waiting([statement(1), statement(2)]));
  assert.equal(server.stored.size, 2);
  assert.equal((await outbox.all()).length, 2, "no answer: still waiting");
  server.lose = false;
  await s.queue(waiting([statement(3)]));
  retries.forEach((r) => r.run());
  await s.sending;
  assert.equal(server.stored.size, 3);
  assert.deepEqual(await outbox.all(), []);
  const puts = server.requests.filter((r) => r.method === "PUT").map((r) => r.url);
  assert.ok(puts.every((url) => url.startsWith(`${ENDPOINT}statements?statementId=`)));
});

test("a statement the LRS calls malformed is kept aside; the others go", async () => {
  const server = lrs();
  const { sender: s, told, outbox } = await sender(server);
  const bad = { id: "00000000-0000-4000-8000-00000000000b", actor: {}, object: {} };
  await s.queue(waiting([statement(1), bad, statement(2)]));
  assert.deepEqual([...server.stored.keys()], [statement(1).id, statement(2).id]);
  const left = await outbox.all();
  assert.equal(left.length, 1);
  assert.equal(left[0].rejected, true);
  assert.deepEqual(told.at(-1), [0, 1]);
  await s.flush();
  assert.equal(server.requests.filter((r) => r.url.includes(bad.id)).length, 1, "not resent");
});

test("an error answer keeps them waiting, and the pause grows to a minute", async () => {
  const server = lrs();
  const { sender: s, retries } = await sender(server);
  server.status = 500;
  await s.queue(waiting([statement(1)]));
  for (let i = 0; i < 8; i++) {
    const { run } = retries.at(-1);
    run();
    await s.sending;
  }
  assert.deepEqual(retries.map((r) => r.ms).slice(0, 7), [2000, 4000, 8000, 16000, 32000, 60000,
    60000]);
  const sent = server.requests[0];
  assert.equal(sent.headers["X-Experience-API-Version"], "1.0.3");
  assert.equal(sent.headers.Authorization, "Basic x");
});

const SET = { id: "drill", code: "ABCD0123", mastery: 0.8, policy: "selective",
  cards: [{ id: "one", title: "One", credit: { accept: 0, decline: 1 },
    choices: ["accept", "decline"] }] };
const GRADED = { card: "one", set: "drill", title: "One", url: "../one/", choice: "decline",
  credit: 1, result: "best", policy: "selective", gradedBy: "key", best: ["decline"] };
const NOW = () => new Date("2026-12-02T10:00:00Z");

test("an answer is an answered statement with its result, set and policy", () => {
  const actor = { objectType: "Agent", account: { homePage: COURSE, name: "x" } };
  const make = new Statements({ actor, registration: "2f1c5d0e-8a7b-4c3d-9e2f-1a2b3c4d5e6f",
    course: COURSE, lang: "fr" }, NOW);
  const s = make.answered({ ...GRADED, choice: "accept", credit: 0, result: "wrong" }, SET);
  assert.match(s.id, /^[0-9a-f-]{36}$/);
  assert.equal(s.timestamp, "2026-12-02T10:00:00.000Z");
  assert.deepEqual(s.actor, actor);
  assert.equal(s.verb.id, "http://adlnet.gov/expapi/verbs/answered");
  assert.equal(s.object.id, "https://course.test/quiz/one/");
  assert.equal(s.object.definition.interactionType, "choice");
  assert.deepEqual(s.object.definition.correctResponsesPattern, ["decline"]);
  assert.deepEqual(s.object.definition.choices.map((c) => c.id), ["accept", "decline"]);
  assert.deepEqual(s.result, { response: "accept", success: false,
    score: { scaled: 0, raw: 0, min: 0, max: 1 } });
  assert.equal(s.context.registration, "2f1c5d0e-8a7b-4c3d-9e2f-1a2b3c4d5e6f");
  assert.equal(s.context.language, "fr");
  assert.deepEqual(s.context.contextActivities.parent.map((a) => a.id),
    ["https://course.test/quiz/sets/drill/"]);
  assert.deepEqual(s.context.contextActivities.grouping.map((a) => a.id), [COURSE]);
  assert.equal(s.context.extensions["https://course.test/xapi/policy"], "selective");
  const alone = new Statements({ actor, registration: "", course: COURSE, lang: "en" })
    .answered({ ...GRADED, set: null }, null);
  assert.equal("registration" in alone.context, false);
  assert.equal(alone.context.contextActivities.parent, undefined);
  assert.notEqual(alone.id, s.id);
});

test("a finished set is completed, then passed or failed against the mastery score", () => {
  const make = new Statements({ actor: {}, registration: "", course: COURSE, lang: "en" }, NOW);
  const pass = make.finished({ set: SET, results: {}, score: 4, max: 5 }, 0.8, 61000);
  assert.equal(pass.completed.verb.id, XAPI.completed);
  assert.equal(pass.completed.result.duration, "PT61.00S");
  assert.equal(pass.judged.verb.id, XAPI.passed);
  assert.deepEqual(pass.judged.result.score, { scaled: 0.8, raw: 4, min: 0, max: 5 });
  assert.equal(pass.judged.object.id, "https://course.test/quiz/sets/drill/");
  const fail = make.finished({ set: SET, results: {}, score: 3.5, max: 5 }, 0.8, 1000);
  assert.equal(fail.judged.verb.id, XAPI.failed);
  assert.equal(fail.judged.result.success, false);
});

const LAUNCH_ACTOR = { objectType: "Agent", name: "Ada", account: { homePage: "https://lms.test",
  name: "ada-42" } };
const launch = (params) => `https://lms.test/content/quiz/sets/drill.html?${new URLSearchParams(params)}`;
const GOOD = { endpoint: "https://lrs.test/xAPI", fetch: "https://lms.test/fetch/123",
  registration: "2f1c5d0e-8a7b-4c3d-9e2f-1a2b3c4d5e6f",
  activityId: "https://course.test/quiz/sets/drill/", actor: JSON.stringify(LAUNCH_ACTOR) };

test("the cmi5 launch parameters are read as cmi5 writes them, and checked", () => {
  assert.equal(launchParameters("https://course.test/quiz/sets/drill/"), null);
  const read = launchParameters(launch(GOOD));
  assert.equal(read.endpoint, "https://lrs.test/xAPI/");
  assert.equal(read.fetch, "https://lms.test/fetch/123");
  assert.deepEqual(read.actor, LAUNCH_ACTOR);
  // What an LMS, or a link someone made, might put there instead.
  for (const bad of [{ endpoint: "javascript:alert(1)" }, { endpoint: "http://lrs.test/xAPI" },
    { fetch: "data:text/plain,x" }, { registration: "not-a-uuid" }, { actor: "{" },
    { actor: JSON.stringify({ name: "no identifier" }) }, { endpoint: "https://u:p@lrs.test/" },
    { activityId: "" }]) {
    assert.deepEqual(launchParameters(launch({ ...GOOD, ...bad })).problem !== undefined, true,
      JSON.stringify(bad));
  }
  const extra = JSON.stringify({ ...LAUNCH_ACTOR, mbox: "mailto:x@lms.test", member: [1],
    onclick: "alert(1)" });
  assert.deepEqual(launchParameters(launch({ ...GOOD, actor: extra })).actor, LAUNCH_ACTOR);
  assert.equal(launchParameters(launch({ ...GOOD, endpoint: "http://127.0.0.1:9/xAPI/" })).endpoint,
    "http://127.0.0.1:9/xAPI/");
});

test("cmi5: completed once, passed once, and nothing judged in Browse mode", async () => {
  for (const normal of [true, false]) {
    const window = page("<main></main>");
    const server = lrs();
    const { sender: s } = await sender(server);
    const make = new Statements({ actor: LAUNCH_ACTOR, registration: GOOD.registration,
      course: COURSE, au: GOOD.activityId, template: { extensions: { [XAPI.sessionId]: "s1" } },
      lang: "en" }, NOW);
    const records = new Records(window.document, s, make, { endpoint: ENDPOINT, auth: "",
      messages: new Messages(english), mastery: 0.5, normal, once: window.localStorage,
      onceKey: "k" }).listen();
    emit(window.document.body, EVENTS.setOpened, { set: SET });
    for (const score of [0, 1, 1]) {
      emit(window.document.body, EVENTS.setComplete, { set: SET, results: {}, score, max: 1 });
      await records.idle;
    }
    const verbs = [...server.stored.values()].map((st) => st.verb.id.split("/").pop());
    assert.deepEqual(verbs, normal ? ["completed", "failed", "passed"] : [], String(normal));
    for (const st of server.stored.values()) {
      assert.equal(st.object.id, GOOD.activityId);
      assert.equal(st.context.extensions[XAPI.sessionId], "s1");
      assert.deepEqual(st.context.contextActivities.category.map((c) => c.id),
        [XAPI.cmi5, XAPI.moveOn]);
      if (st.verb.id !== XAPI.completed) assert.equal(st.context.extensions[XAPI.masteryScore], 0.5);
    }
  }
});

test("the learner is told while records wait, and once when they have gone", async () => {
  const window = page("<main><div class='md-content__inner'><h1>Set</h1></div></main>");
  const server = lrs();
  const { sender: s } = await sender(server);
  const records = new Records(window.document, s, new Statements({ actor: {}, registration: "",
    course: COURSE, lang: "en" }), { endpoint: ENDPOINT, auth: "",
    messages: new Messages(english) }).listen();
  server.down = true;
  emit(window.document.body, EVENTS.graded, GRADED);
  emit(window.document.body, EVENTS.graded, { ...GRADED, card: "two" });
  await records.idle;
  const line = window.document.querySelector(".con-records");
  assert.equal(line.getAttribute("role"), "status");
  assert.equal(line.textContent, english["records.waiting"].other.replace("{count}", "2"));
  server.down = false;
  await s.flush();
  assert.equal(line.textContent, english["records.sent"]);
});

test("no LRS configured: nothing is heard, nothing is sent", async () => {
  const window = page();
  window.ConnectOrNot = {};
  globalThis.ConnectOrNot = {};
  let fetched = 0;
  const saved = globalThis.fetch;
  globalThis.fetch = async () => { fetched++; return { status: 200 }; };
  try {
    assert.equal(reportToLRS(window), null);
    emit(window.document.body, EVENTS.graded, GRADED);
  } finally {
    globalThis.fetch = saved;
  }
  assert.equal(fetched, 0);
});

const TALLY_SET = { id: "drill", title: "Drill", code: "ABCD0123", shuffle: false, seed: 1,
  cards: ["one", "two"].map((id) => ({ id, title: id, choices: ["accept", "decline"],
    labels: ["Accept", "Decline"], best: ["decline"] })) };
const answered = (who, card, response, timestamp) => ({ verb: { id: XAPI.answered },
  actor: { account: { homePage: COURSE, name: who } }, object: { id: `${COURSE}quiz/${card}/` },
  result: { response }, timestamp });

test("the live tally counts each learner's latest answer to each card", () => {
  // Newest first, as an LRS answers by default.
  const rows = rowsFrom([
    answered("a", "one", "decline", "2026-12-02T10:01:00Z"), // answered again: this counts
    answered("a", "one", "accept", "2026-12-02T10:00:00Z"),
    answered("a", "two", "decline", "2026-12-02T10:02:00Z"),
    answered("b", "two", "accept", "2026-12-02T10:00:30Z"),
    answered("b", "one", "ask_first", "2026-12-02T10:00:40Z"), // not one of its choices
    answered("c", "other-card", "accept", "2026-12-02T10:00:00Z"),
    { ...answered("d", "one", "accept", "2026-12-02T10:00:00Z"), verb: { id: XAPI.completed } },
    null,
  ], TALLY_SET, COURSE);
  assert.deepEqual(rows, [[1, 1], [-1, 0]]);
});

const inClass = (statement) => ({ ...statement, context: { registration: "r-1" } });

test("the live tally asks for the set's answers, follows more on the LRS only, and waits when told", async () => {
  const asked = [];
  const pages = {
    first: { status: 200, body: { statements: [inClass(answered("a", "one", "decline", "t1"))],
      more: "/xAPI/statements?page=2" } },
    second: { status: 200, body: { statements: [inClass(answered("b", "one", "accept", "t1"))],
      more: "https://elsewhere.test/steal" } },
  };
  const fetch = async (url, init) => {
    asked.push({ url, auth: init.headers.Authorization });
    const page = url.includes("page=2") ? pages.second : pages.first;
    return { status: page.status, json: async () => page.body, headers: new Map() };
  };
  const timers = [];
  const poll = new LivePoll({ endpoint: ENDPOINT, course: COURSE, registration: "" },
    { fetch, later: (run, ms) => timers.push({ run, ms }), cancel: () => {} });
  const shown = [];
  await poll.start({ set: TALLY_SET, auth: "Basic t", registration: "r-1",
    shown: (rows) => shown.push(rows), failed: () => assert.fail("no failure") });
  assert.deepEqual(shown, [[[1, -1], [0, -1]]]);
  assert.equal(asked.length, 2, "not to another host");
  const query = new URL(asked[0].url).searchParams;
  assert.equal(query.get("verb"), XAPI.answered);
  assert.equal(query.get("activity"), "https://course.test/quiz/sets/drill/");
  assert.equal(query.get("related_activities"), "true");
  assert.equal(query.get("registration"), "r-1");
  assert.equal(asked[0].auth, "Basic t");
  assert.equal(timers[0].ms, 5000);
  // Too many requests: the LRS's Retry-After is the wait.
  pages.first = { status: 429, body: {}, };
  const failures = [];
  const slow = new LivePoll({ endpoint: ENDPOINT, course: COURSE, registration: "" },
    { fetch: async () => ({ status: 429, headers: new Map([["Retry-After", "30"]]) }),
      later: (run, ms) => timers.push({ run, ms }), cancel: () => {} });
  await slow.start({ set: TALLY_SET, auth: "", registration: "", shown: () => {},
    failed: (status, wait) => failures.push([status, wait]) });
  assert.deepEqual(failures, [[429, 30000]]);
  slow.stop();
  poll.stop();
});

test("issue 41: an answer in a set says its round; the presenter's votes count each round apart", async () => {
  const { votesFrom } = await import("../../quiz/src/present-live.js");
  const actor = { objectType: "Agent", account: { homePage: COURSE, name: "x" } };
  const make = new Statements({ actor, registration: "", course: COURSE, lang: "en" }, NOW);
  const second = make.answered({ ...GRADED, round: 2 }, SET);
  assert.equal(second.context.extensions[`${COURSE}xapi/round`], 2);
  assert.equal(make.answered({ ...GRADED, round: 1 }, SET).context.extensions[`${COURSE}xapi/round`], 1);
  // Outside a set there is no class vote to name.
  assert.equal(`${COURSE}xapi/round` in make.answered({ ...GRADED, set: null }, null).context.extensions,
    false);
  const inRound = (who, card, response, round, at) => ({ ...answered(who, card, response, at),
    context: { extensions: { [`${COURSE}xapi/round`]: round } } });
  const { details, learners } = votesFrom([
    inRound("a", "one", "accept", 1, "t1"),
    inRound("a", "one", "decline", 2, "t2"),
    inRound("b", "one", "decline", 1, "t1"),
    answered("c", "one", "accept", "t1"), // recorded before rounds: the first vote
    inRound("b", "one", "decline", 2, "t3"),
  ], TALLY_SET, COURSE);
  const one = (round) => details.find((d) => d.card === "one" && d.round === round).counts;
  assert.deepEqual(one(1), { accept: 2, decline: 1 });
  assert.deepEqual(one(2), { accept: 0, decline: 2 });
  assert.deepEqual(learners, [3, 2]);
});

// -- issue 42: X1, X2, X3 ------------------------------------------------------------

test("X1: a 2xx that is not the LRS's answer (a proxy's page) leaves the outbox as it was", async () => {
  const server = lrs();
  const proxy = async (url, init) => {
    server.requests.push({ url, method: init.method });
    return { status: 200, json: async () => { throw new SyntaxError("<html>"); } };
  };
  const { sender: s, outbox, told } = await sender({ fetch: proxy });
  await s.queue(waiting([statement(1), statement(2)]));
  assert.equal((await outbox.all()).length, 2);
  assert.deepEqual(told.at(-1), [2, 0]);
  // An answer that names other statements is not this batch's either.
  const other = async () => ({ status: 200, json: async () => ["not-one-of-them"] });
  const second = await sender({ fetch: other });
  await second.sender.queue(waiting([statement(3)]));
  assert.equal((await second.outbox.all()).length, 1);
});

test("X3: an LRS that takes two statements a request gets the batch in halves, all of it, in order", async () => {
  const server = lrs();
  const limited = async (url, init) => {
    const body = JSON.parse(init.body);
    if (Array.isArray(body) && body.length > 2) return { status: 413 };
    return server.fetch(url, init);
  };
  const { sender: s, outbox, told } = await sender({ fetch: limited });
  await s.queue(waiting([1, 2, 3, 4, 5, 6, 7].map(statement)));
  assert.deepEqual([...server.stored.keys()], [1, 2, 3, 4, 5, 6, 7].map((n) => statement(n).id));
  assert.deepEqual(await outbox.all(), []);
  assert.deepEqual(told.at(-1), [0, 0]);
  // One statement larger than the LRS takes is kept, as refused, not sent forever.
  const none = async () => ({ status: 413 });
  const big = await sender({ fetch: none });
  await big.sender.queue(waiting([statement(8)]));
  assert.deepEqual(big.told.at(-1), [0, 1]);
});

test("X2: with the browser's storage full, records wait in memory, the learner is told, and they go when the LRS answers", async () => {
  const server = lrs();
  const { sender: s, outbox, retries } = await sender(server);
  const told = [];
  s.told = (...args) => told.push(args);
  const run = outbox.run.bind(outbox);
  // IndexedDB refuses every write, as at the origin's quota.
  outbox.run = (mode, work) => (mode === "readwrite"
    ? Promise.reject(new DOMException("full", "QuotaExceededError")) : run(mode, work));
  server.down = true;
  await s.queue(waiting([statement(1)]));
  await s.queue(waiting([statement(2)]));
  assert.deepEqual(told.at(-1), [2, 0, 2]);
  page("");
  const records = new Records(document, s, new Statements({ actor: {}, registration: "",
    course: COURSE, lang: "en" }), { endpoint: ENDPOINT, auth: "", messages: new Messages(english) });
  records.tell(...told.at(-1));
  assert.match(document.querySelector(".con-records").textContent,
    /2 learning records are waiting .* storage is full: keep this page open/);
  s.told = (...args) => told.push(args); // (the records' line took it over)
  server.down = false;
  retries[0].run();
  await s.sending;
  assert.deepEqual([...server.stored.keys()], [1, 2].map((n) => statement(n).id));
  assert.deepEqual(told.at(-1), [0, 0, 0]);
  assert.deepEqual(await outbox.all(), []);
});

test("X4: the live tally counts the room's registration only, one answer a learner, card and round, none from the future", () => {
  const now = Date.parse("2026-12-08T10:00:00Z");
  const of = (registration, round, statement) => ({ ...statement,
    context: { registration, extensions: { [`${COURSE}xapi/round`]: round } } });
  const statements = [
    of("room", 1, answered("a", "one", "accept", "2026-12-08T09:00:00Z")),
    of("room", 1, answered("a", "one", "decline", "2026-12-08T09:01:00Z")), // a's later answer
    of("room", 1, answered("a", "one", "accept", "2026-12-08T09:00:30Z")), // sent late, older
    of("room", 2, answered("a", "one", "accept", "2026-12-08T09:05:00Z")), // round 2: apart
    of("other", 1, answered("b", "one", "accept", "2026-12-08T09:00:00Z")), // another class
    of("room", 1, answered("c", "one", "accept", "2099-01-01T00:00:00Z")), // from the future
    of("room", 1, answered("d", "one", "accept", "2026-12-08T10:00:30Z")), // a clock 30 s fast
  ];
  const one = { round: 1, registration: "room", now };
  assert.deepEqual(rowsFrom(statements, TALLY_SET, COURSE, one), [[1, -1], [0, -1]]);
  assert.deepEqual(rowsFrom(statements, TALLY_SET, COURSE, { ...one, round: 2 }), [[0, -1]]);
});
