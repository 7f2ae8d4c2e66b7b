// The progress store: merge, migrate, corrupt data, blocked and full storage, import.
import assert from "node:assert/strict";
import test from "node:test";
import { EXPORT_FORMAT, STORE_VERSION } from "../../quiz/src/contract.js";
import { Store, backends } from "../../quiz/src/store.js";

const KEY = "connect-or-not:/course/";

function answer(choice, at, credit = 1) {
  return { choice, credit, result: credit === 1 ? "best" : "partial", policy: "balanced", at };
}

test("a write merges with what another tab wrote since", () => {
  const backend = backends.memory();
  const tab1 = new Store(KEY, backend);
  const tab2 = new Store(KEY, backend);
  tab1.write((s) => { s.answers["card-a"] = answer("accept", 1); });
  tab2.write((s) => { s.answers["card-b"] = answer("decline", 2); });
  assert.deepEqual(Object.keys(tab1.read().answers).sort(), ["card-a", "card-b"]);
});

test("a store from before versions and sets is migrated on read", () => {
  const backend = backends.memory();
  backend.set(KEY, JSON.stringify({ answers: { "card-a": answer("accept", 1) } }));
  const data = new Store(KEY, backend).read();
  assert.equal(data.version, STORE_VERSION);
  assert.deepEqual(data.sets, {});
  assert.equal(data.answers["card-a"].choice, "accept");
});

test("unreadable data is set aside, kept, and told", () => {
  const backend = backends.memory();
  backend.set(KEY, "{not json");
  const store = new Store(KEY, backend);
  assert.deepEqual(store.read().answers, {});
  assert.deepEqual([...store.notices], ["storage.unreadable"]);
  assert.equal(backend.get(KEY), null);
});

test("a newer store is left untouched and nothing is written over it", () => {
  const backend = backends.memory();
  const newer = JSON.stringify({ version: 99, answers: {}, sets: {} });
  backend.set(KEY, newer);
  const store = new Store(KEY, backend);
  store.write((s) => { s.answers["card-a"] = answer("accept", 1); });
  assert.equal(backend.get(KEY), newer);
  assert.ok(store.notices.has("storage.newer"));
});

test("blocked storage is told and answers still work in the page", () => {
  const throwing = { get() { throw new Error("denied"); }, set() { throw new Error("denied"); },
    remove() { throw new Error("denied"); } };
  const store = new Store(KEY, throwing);
  const data = store.write((s) => { s.answers["card-a"] = answer("accept", 1); });
  assert.equal(data.answers["card-a"].choice, "accept");
  assert.ok(store.notices.has("storage.blocked"));
});

test("full storage is told", () => {
  const backend = backends.memory();
  const full = { ...backend, set() { throw new Error("QuotaExceededError"); } };
  const store = new Store(KEY, full);
  store.write((s) => { s.answers["card-a"] = answer("accept", 1); });
  assert.ok(store.notices.has("storage.full"));
});

test("import keeps the newer answer of each card and counts what it took", () => {
  const store = new Store(KEY, backends.memory());
  store.write((s) => { s.answers["card-a"] = answer("accept", 5); });
  const file = store.exportData("/course/");
  file.answers = { "card-a": answer("decline", 1), "card-b": answer("decline", 9) };
  assert.deepEqual(store.importData(file), { count: 1, inSets: 0, sets: 0, visitOnly: false });
  const data = store.read();
  assert.equal(data.answers["card-a"].choice, "accept");
  assert.equal(data.answers["card-b"].choice, "decline");
});

test("import refuses what is not an export, or from a newer course", () => {
  const store = new Store(KEY, backends.memory());
  assert.deepEqual(store.importData({ answers: {} }), { error: "progress.notAnExport" });
  assert.deepEqual(store.importData(null), { error: "progress.notAnExport" });
  const newer = { ...store.exportData("/course/"), version: 99 };
  assert.deepEqual(store.importData(newer), { error: "progress.newerExport" });
});

test("a change is announced to listeners", () => {
  const store = new Store(KEY, backends.memory());
  let changes = 0;
  store.addEventListener("change", () => { changes++; });
  store.write(() => {});
  store.reset();
  assert.equal(changes, 2);
});

test("set attempts are kept only in their shape; `choices` is filled in", () => {
  const backend = backends.memory();
  backend.set(KEY, JSON.stringify({ version: 1, answers: {}, sets: {
    old: { index: 2, results: { "card-a": 0.5 } },
    broken: { index: "x" },
    negative: { index: -1, results: {} },
    odd: { index: 1, results: { "card-a": "1", "card-b": 7, "card-c": 1 }, choices: { "card-c": 3 } },
    all: [1, 2],
  } }));
  const { sets } = new Store(KEY, backend).read();
  assert.deepEqual(sets, {
    old: { index: 2, results: { "card-a": 0.5 }, choices: {} },
    odd: { index: 1, results: { "card-c": 1 }, choices: {} },
  });
});

test("an imported file with one damaged set attempt is refused whole", () => {
  const store = new Store(KEY, backends.memory());
  const result = store.importData({ format: EXPORT_FORMAT, version: 1,
    answers: {}, sets: { all: { index: 0 }, bad: { results: {} } } });
  assert.deepEqual(result, { error: "progress.damagedExport" });
  assert.deepEqual(store.read().sets, {});
  const sound = store.importData({ format: EXPORT_FORMAT, version: 1,
    answers: {}, sets: { all: { index: 0 } } });
  assert.deepEqual(sound, { count: 0, inSets: 0, sets: 1, visitOnly: false });
  assert.deepEqual(store.read().sets, { all: { index: 0, results: {}, choices: {} } });
});

// Issue 24, R3 ---------------------------------------------------------------------

const ANSWER = { choice: "decline", credit: 1, result: "best", policy: "balanced", at: 1 };

for (const [what, answer] of [
  ["an unknown result", { ...ANSWER, result: "perfect" }],
  ["a credit of 1e400", { ...ANSWER, credit: 1e400 }],
  ["a credit of -1e300", { ...ANSWER, credit: -1e300 }],
  ["a choice that is no decision", { ...ANSWER, choice: "<img src=x>" }],
  ["a choice of __proto__", { ...ANSWER, choice: "__proto__" }],
  ["no credit", { choice: "decline", result: "best" }],
]) {
  test(`R3: an export holding ${what} is refused whole, and nothing changes`, () => {
    const store = new Store(KEY, backends.memory());
    store.write((s) => { s.answers["card-a"] = ANSWER; });
    const before = store.backend.get(KEY);
    const file = { format: EXPORT_FORMAT, version: STORE_VERSION, site: "/site/",
      answers: { "card-b": ANSWER, "card-c": answer }, sets: {} };
    assert.deepEqual(store.importData(file, "/site/"), { error: "progress.damagedExport" });
    assert.equal(store.backend.get(KEY), before);
  });
}

test("R3: another course's export is refused; this course's is taken", () => {
  const store = new Store(KEY, backends.memory());
  const file = { format: EXPORT_FORMAT, version: STORE_VERSION, site: "/other-course/",
    answers: { "card-b": ANSWER }, sets: {} };
  assert.deepEqual(store.importData(file, "/site/"), { error: "progress.otherCourse" });
  assert.deepEqual(store.importData({ ...file, site: "/site/" }, "/site/"),
    { count: 1, inSets: 0, sets: 0, visitOnly: false });
});

test("R3: a stored answer that is not one is left out when read, not thrown on", () => {
  const backend = backends.memory();
  backend.set(KEY, JSON.stringify({ version: STORE_VERSION, sets: {}, answers: {
    "card-a": ANSWER, "card-b": { ...ANSWER, result: "perfect" }, "card-c": "yes" } }));
  const store = new Store(KEY, backend);
  assert.deepEqual(Object.keys(store.read().answers), ["card-a"]);
});

// Issue 15 -------------------------------------------------------------------------

test("D2: an older export does not replace a set attempt that went further", () => {
  const store = new Store(KEY, backends.memory());
  store.write((s) => {
    s.sets["first-steps"] = { index: 2, results: { "card-a": 1, "card-b": 0.5 }, choices: {} };
  });
  const old = { format: EXPORT_FORMAT, version: 1, answers: {},
    sets: { "first-steps": { index: 0, results: {}, choices: {} },
      "all": { index: 1, results: { "card-c": 1 }, choices: { "card-c": "accept" } } } };
  // Counted as an export counts them: the set's one answer (issue 41).
  assert.deepEqual(store.importData(old), { count: 1, inSets: 1, sets: 1, visitOnly: false });
  const { sets } = store.read();
  assert.equal(sets["first-steps"].index, 2);
  assert.equal(sets.all.index, 1);
});

test("D4: with storage blocked, a set still moves on and an import says it is for this visit", () => {
  const throwing = { get() { throw new Error("denied"); }, set() { throw new Error("denied"); },
    remove() { throw new Error("denied"); } };
  const store = new Store(KEY, throwing);
  store.write((s) => { s.sets.drill = { index: 1, results: { "card-a": 1 }, choices: {} }; });
  assert.equal(store.read().sets.drill.index, 1); // kept in memory, not lost on the next read
  const file = { format: EXPORT_FORMAT, version: 1,
    answers: { "card-b": answer("decline", 3) }, sets: {} };
  assert.deepEqual(store.importData(file), { count: 1, inSets: 0, sets: 0, visitOnly: true });
  assert.equal(store.read().answers["card-b"].choice, "decline");
  assert.ok(store.notices.has("storage.blocked"));
});

test("D5: two tabs answering at once: the tab that lost its answer merges it back", () => {
  const shared = backends.memory();
  const tabA = new Store(KEY, shared);
  const tabB = new Store(KEY, shared);
  const before = shared.get(KEY);
  tabA.write((s) => { s.answers["card-a"] = answer("accept", 10); });
  // Tab B read before A wrote, and writes after: A's answer is overwritten.
  const stale = { get: () => before, set: (k, v) => shared.set(k, v), remove: shared.remove };
  tabB.backend = stale;
  tabB.write((s) => { s.answers["card-b"] = answer("decline", 11); });
  tabB.backend = shared;
  assert.equal(tabA.read().answers["card-a"], undefined); // a read in between changes nothing
  tabA.reconcile(); // the storage event of B's write
  const data = tabB.read();
  assert.equal(data.answers["card-a"].choice, "accept");
  assert.equal(data.answers["card-b"].choice, "decline");
});

test("D6: a write the browser refuses is not reported as saved", () => {
  const backend = backends.memory();
  const full = { ...backend, set() { throw new Error("QuotaExceededError"); } };
  const store = new Store(KEY, full);
  const many = {};
  for (let i = 0; i < 50; i++) many[`card-${i}`] = answer("accept", i + 1);
  const result = store.importData({ format: EXPORT_FORMAT, version: 1,
    answers: many, sets: {} });
  assert.deepEqual(result, { count: 50, inSets: 0, sets: 0, visitOnly: true });
});

test("D6: unreadable progress with no room to set it aside is left as it was", () => {
  const backend = backends.memory();
  backend.set(KEY, "{broken");
  const noRoom = { get: backend.get, remove: backend.remove,
    set() { throw new Error("QuotaExceededError"); } };
  const store = new Store(KEY, noRoom);
  store.write((s) => { s.answers["card-a"] = answer("accept", 1); });
  assert.equal(backend.get(KEY), "{broken");
  assert.ok(store.notices.has("storage.unreadableKept"));
  assert.ok(!store.notices.has("storage.unreadable"));
});

test("D14: ids that are not slugs never reach the store's objects", () => {
  const backend = backends.memory();
  backend.set(KEY, JSON.stringify({ version: 1,
    answers: { "__proto__": answer("accept", 1), "constructor": answer("accept", 1),
      "card-a": answer("decline", 2) },
    sets: { "__proto__": { index: 1, results: {}, choices: {} } } }));
  const data = new Store(KEY, backend).read();
  // "constructor" is a slug, so a card may have that id; it is the card's own entry.
  assert.deepEqual(Object.keys(data.answers), ["constructor", "card-a"]);
  assert.deepEqual(Object.keys(data.sets), []);
  assert.equal(Object.getPrototypeOf(data.answers), Object.prototype);
});

test("D15: an import whose time is far in the future does not outweigh later answers", async () => {
  const store = new Store(KEY, backends.memory());
  const file = { format: EXPORT_FORMAT, version: 1, sets: {},
    answers: { "card-a": { ...answer("accept", 1e300) } } };
  assert.equal(store.importData(file).count, 1);
  assert.ok(store.read().answers["card-a"].at <= Date.now());
  await new Promise((resolve) => { setTimeout(resolve, 5); }); // a later answer, given later
  const later = { ...file, answers: { "card-a": answer("decline", Date.now()) } };
  assert.equal(store.importData(later).count, 1);
  assert.equal(store.read().answers["card-a"].choice, "decline");
});
