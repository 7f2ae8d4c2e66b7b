// The graders: the answer key's, the fallback from Python to the key, and the
// worker's start: a slow link is not a failure, a stalled one is (on a mock clock).
import assert from "node:assert/strict";
import test from "node:test";
import { BOOT_MS, Engine, Grading, KeyGrader, MAX_RESTARTS, STALL_MS, explain }
  from "../../quiz/src/engine.js";
import { FakeWorkerEngine, page, pageConfig, payload } from "./support.js";

test("the key grades each choice with that choice's own credit and result", () => {
  const key = new KeyGrader(pageConfig());
  const data = payload("k", { best: ["accept"], partial: ["ask_first"] });
  const graded = ["accept", "accept_and_message", "ask_first", "decline"].map((choice) => {
    const grade = key.grade(data, choice, "balanced");
    return [grade.choice, grade.credit, grade.result];
  });
  assert.deepEqual(graded, [["accept", 1, "best"], ["accept_and_message", 0, "wrong"],
    ["ask_first", 0.5, "partial"], ["decline", 0, "wrong"]]);
});

test("the key grades under the policy asked, and gives the page's words for its reasons", () => {
  const key = new KeyGrader(pageConfig());
  const data = payload("k");
  data.key.open.best = ["accept"];
  data.key.open.results = { ...data.key.open.results, accept: "best", decline: "wrong" };
  data.key.open.credit = { ...data.key.open.credit, accept: 1, decline: 0 };
  assert.equal(key.grade(data, "accept", "open").result, "best");
  assert.equal(key.grade(data, "accept", "balanced").result, "wrong");
  const [reason] = key.grade(data, "decline", "balanced").reasons;
  assert.deepEqual(reason, { rule: "no_note_flag", supports: ["decline"], unknown: [], held: false,
    source: "cathy", says: "No note is a warning sign.", cite: "Cathy, “Three criteria”",
    guide: "../guide/#a" });
});

test("the key answers only a single change it foresaw", () => {
  const key = new KeyGrader(pageConfig());
  const data = payload("k");
  const facts = { ...data.card.facts, photo: true };
  assert.deepEqual(key.evaluate(data, facts, "balanced", ["photo"]).best, ["accept"]);
  assert.equal(key.evaluate(data, { ...facts, note: "personal" }, "balanced", ["photo", "note"]),
    null);
  assert.equal(key.evaluate(data, { ...data.card.facts, photo: null }, "balanced", ["photo"]), null);
});

test("a ready Python grades; one that fails falls back to the key", async () => {
  const data = payload("k");
  const engine = new FakeWorkerEngine(() => { throw new Error("stuck"); });
  const grading = new Grading(engine, pageConfig());
  assert.equal((await grading.grade(data, "decline", "balanced")).by, "key");
  engine.becomeReady();
  const answered = await grading.grade(data, "decline", "balanced");
  assert.equal(answered.by, "key");
  assert.equal(answered.grade.result, "best");
  engine.grades = (card, choice) => ({ id: card.id, choice, credit: 0, result: "wrong",
    best: [], reasons: [], policy: "balanced", split: [], unknown: [] });
  assert.equal((await grading.grade(data, "decline", "balanced")).by, "pyodide");
});

test("why the grader could not start, as the learner's problem and the trainer's fix", () => {
  const cases = { "file:": "file", "no-wasm": "wasm", "CompileError: wasm-unsafe-eval": "csp",
    "Incorrect response MIME type": "mime", "Failed to fetch": "missing", stall: "stall",
    timeout: "timeout", "something else": "other" };
  for (const [detail, name] of Object.entries(cases)) {
    assert.deepEqual(explain(new Error(detail)), { problem: `error.${name}.problem`,
      fix: `error.${name}.fix`, detail }, detail);
  }
});

// A worker that answers nothing by itself: the test says when bytes arrive.
class SilentWorker {
  static last = null;

  constructor() {
    SilentWorker.last = this;
    this.sent = [];
  }

  postMessage(message) {
    this.sent.push(message);
  }

  terminate() {
    this.terminated = true;
  }

  progress(loaded, total) {
    this.onmessage({ data: { progress: { loaded, total } } });
  }
}

function starting(t) {
  page("", "https://course.test/site/quiz/x/");
  globalThis.Worker = SilentWorker;
  t.after(() => { delete globalThis.Worker; });
  t.mock.timers.enable({ apis: ["setTimeout"] });
  const engine = new Engine();
  engine.start("worker.js", pageConfig().runtime);
  return engine;
}

test("a link that keeps sending bytes never fails, however slow", (t) => {
  const engine = starting(t);
  for (let second = 1; second <= 10; second++) {
    t.mock.timers.tick(STALL_MS - 1);
    SilentWorker.last.progress(second * 1000, 4e6);
  }
  assert.equal(engine.state, "starting");
});

test("no byte for the stall limit: the start failed, as a stall", (t) => {
  const engine = starting(t);
  SilentWorker.last.progress(1000, 4e6);
  t.mock.timers.tick(STALL_MS);
  assert.equal(engine.state, "failed");
  assert.equal(engine.error.problem, "error.stall.problem");
  assert.equal(SilentWorker.last.terminated, true);
});

test("every byte in, Python gets its own time to start, then times out", (t) => {
  const engine = starting(t);
  SilentWorker.last.progress(4e6, 4e6);
  t.mock.timers.tick(STALL_MS);
  assert.equal(engine.state, "starting");
  t.mock.timers.tick(BOOT_MS - STALL_MS);
  assert.equal(engine.error.problem, "error.timeout.problem");
});

test("a start from file:// fails at once and says why", () => {
  page("", "file:///home/me/site/quiz/x/index.html");
  const engine = new Engine();
  engine.start("worker.js", pageConfig().runtime);
  assert.equal(engine.state, "failed");
  assert.equal(engine.error.problem, "error.file.problem");
});

// -- issue 42, A2: a dead grader is replaced -----------------------------------------

test("A2: a ready worker that stops answering is replaced, and the next question goes to the new one", async (t) => {
  const engine = starting(t);
  const first = SilentWorker.last;
  const answer = (worker, id, result) => worker.onmessage({ data: { id, ok: true, result } });
  answer(first, first.sent[0].id, { way: "lean" });
  await Promise.resolve();
  assert.equal(engine.state, "ready");
  // A question it never answers: given up after its limit, and the worker replaced.
  const asked = engine.send("grade", {}, 5000).catch((error) => error.message);
  t.mock.timers.tick(5000);
  assert.match(await asked, /no answer to grade/);
  assert.equal(first.terminated, true);
  assert.equal(engine.state, "starting");
  const second = SilentWorker.last;
  assert.notEqual(second, first);
  assert.equal(second.sent[0].op, "start");
  assert.equal(second.sent[0].runtime.prefer, "lean"); // the way this browser took
  answer(second, second.sent[0].id, { way: "lean" });
  await Promise.resolve();
  assert.equal(engine.state, "ready");
  const next = engine.send("grade", {}, 5000);
  const request = second.sent.at(-1);
  assert.equal(request.op, "grade");
  answer(second, request.id, "graded");
  assert.equal(await next, "graded");
});

test("A2: a ready worker that dies with an error is replaced; after a few, the key answers for good", async (t) => {
  const engine = starting(t);
  for (let n = 0; n <= MAX_RESTARTS; n++) {
    const worker = SilentWorker.last;
    worker.onmessage({ data: { id: worker.sent[0].id, ok: true, result: { way: "lean" } } });
    await Promise.resolve();
    assert.equal(engine.state, "ready");
    worker.onerror({ preventDefault() {}, message: "out of memory" });
  }
  assert.equal(engine.state, "failed");
});
