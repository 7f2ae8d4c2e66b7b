// Connect or Not quiz engine (main thread).
//
// Loaded on every page but does nothing unless the page shows a card: then it
// starts the grader (worker.js, Pyodide) and turns each plain-HTML card into a
// graded one. Grading falls back to the answer key computed at build time when
// the grader cannot start, so a card never waits forever.
//
// DOM contract: .con-card[data-card] holds a form with input[type=radio][value=
// decision id] and a "Check my answer" button; after grading the card carries
// data-graded-by="pyodide" or "key".

// A classic script (not a module), so that it still runs from file:// and can say
// why the grader cannot start there. Everything stays inside this function.
(() => {
"use strict";

const SCRIPT = document.currentScript.src;
const ASSETS = new URL("./", SCRIPT);
const SITE = new URL("../../", SCRIPT);
const STORE_KEY = `connect-or-not:${SITE.pathname}`;
const STORE_VERSION = 1;
const START_TIMEOUT_MS = 60000; // declare the grader failed after this long
const CHECK_WAIT_MS = 8000; // at most this long between "Check" and feedback

const RESULT_TEXT = {
  best: "✓ Best answer.",
  partial: "◐ Partly right",
  wrong: "✗ Not this time.",
};

// ---------------------------------------------------------------- the grader

const engine = {
  state: "idle", // idle | starting | ready | failed
  error: null,
  worker: null,
  pending: new Map(),
  nextId: 1,
  listeners: new Set(),
};

function setEngineState(state, error = null) {
  engine.state = state;
  engine.error = error;
  for (const listener of engine.listeners) listener();
}

function startEngine(runtime, snapshot) {
  if (engine.state !== "idle") return;
  setEngineState("starting");
  const timer = setTimeout(
    () => fail(new Error("timeout: the grader took too long to start")),
    START_TIMEOUT_MS,
  );
  function fail(error) {
    clearTimeout(timer);
    if (engine.state === "failed") return;
    for (const { reject } of engine.pending.values()) reject(error);
    engine.pending.clear();
    if (engine.worker) engine.worker.terminate();
    setEngineState("failed", explain(error));
  }
  try {
    if (location.protocol === "file:") throw new Error("file: opened from a file");
    if (typeof WebAssembly !== "object") throw new Error("no-wasm: no WebAssembly");
    engine.worker = new Worker(new URL("worker.js", ASSETS), { type: "module" });
  } catch (error) {
    fail(error);
    return;
  }
  engine.worker.onmessage = (event) => {
    const { id, ok, result, error } = event.data;
    const call = engine.pending.get(id);
    if (!call) return;
    engine.pending.delete(id);
    if (ok) call.resolve(result);
    else call.reject(new Error(error));
  };
  engine.worker.onerror = (event) => {
    event.preventDefault();
    fail(new Error(`worker: ${event.message || "the grader script could not run"}`));
  };
  send("start", { runtime: new URL(runtime, location.href).href, snapshot }).then(
    () => {
      clearTimeout(timer);
      setEngineState("ready");
    },
    fail,
  );
}

function send(op, payload = {}) {
  return new Promise((resolve, reject) => {
    const id = engine.nextId++;
    engine.pending.set(id, { resolve, reject });
    engine.worker.postMessage({ id, op, ...payload });
  });
}

// Resolves true once the grader is ready, false if it failed or is too slow.
function engineReady(waitMs) {
  if (engine.state === "ready") return Promise.resolve(true);
  if (engine.state !== "starting") return Promise.resolve(false);
  return new Promise((resolve) => {
    const done = (value) => {
      engine.listeners.delete(listener);
      clearTimeout(timer);
      resolve(value);
    };
    const listener = () => {
      if (engine.state === "ready") done(true);
      else if (engine.state === "failed") done(false);
    };
    const timer = setTimeout(() => done(false), waitMs);
    engine.listeners.add(listener);
  });
}

// Plain words for the learner, and what a trainer can do about it.
function explain(error) {
  const text = String((error && error.message) || error);
  const cases = [
    [/^file:/, "This page was opened from a file, and browsers do not run the grader from files.",
      "Serve the site over http or https (any static host, or `make serve`)."],
    [/no-wasm/, "This browser cannot run WebAssembly, which the grader needs.",
      "Use a current browser, or check that WebAssembly is not disabled by policy."],
    [/Content.Security.Policy|wasm-unsafe-eval|CompileError|unsafe-eval/i,
      "The site's security policy blocks WebAssembly, which the grader needs.",
      "Add 'wasm-unsafe-eval' to script-src in the Content-Security-Policy."],
    [/MIME|application\/wasm/i, "The server sends the grader's .wasm file with the wrong type.",
      "Configure the host to serve .wasm files as application/wasm."],
    [/404|Failed to fetch|NetworkError|failed to load|Cannot find|import/i,
      "A file the grader needs could not be loaded (missing, or the connection dropped).",
      "Upload the whole built site/ folder, including assets/connect-or-not/."],
    [/timeout/, "The grader is taking too long to start (a slow connection?).",
      "Reload the page on a better connection; cards still grade from the answer key."],
  ];
  for (const [pattern, problem, fix] of cases) {
    if (pattern.test(text)) return { problem, fix, detail: text };
  }
  return { problem: "The grader could not start.", fix: "See the browser console.", detail: text };
}

// ---------------------------------------------------------------- progress

const notices = new Set(); // messages about storage, shown in progress panels

function emptyStore() {
  return { version: STORE_VERSION, answers: {}, sets: {} };
}

// Version 0 (before versioning) had only `answers`; it is migrated on read.
function isStore(value) {
  return Boolean(value) && typeof value === "object" && !Array.isArray(value) &&
    (value.version === undefined || Number.isInteger(value.version)) &&
    Boolean(value.answers) && typeof value.answers === "object" && !Array.isArray(value.answers);
}

let readOnly = false; // set when the stored data must not be overwritten

function readStore() {
  let raw;
  try {
    raw = localStorage.getItem(STORE_KEY);
  } catch {
    notices.add("Your browser does not allow this site to store progress (a private window?). " +
      "Answers will be lost when you leave; export them to keep them.");
    readOnly = true;
    return emptyStore();
  }
  if (raw === null) return emptyStore();
  let value;
  try {
    value = JSON.parse(raw);
  } catch {
    value = null;
  }
  if (!isStore(value)) {
    setAside(raw);
    return emptyStore();
  }
  if ((value.version || 0) > STORE_VERSION) {
    notices.add("Your saved progress comes from a newer version of this course, so it is " +
      "left untouched. New answers are not saved in this version.");
    readOnly = true;
    return emptyStore();
  }
  return migrate(value);
}

function setAside(raw) {
  const name = `${STORE_KEY}:unreadable:${Date.now()}`;
  try {
    localStorage.setItem(name, raw);
    localStorage.removeItem(STORE_KEY);
  } catch {
    // Nothing more we can do; the notice below still tells the learner.
  }
  notices.add("Your saved progress could not be read, so it was set aside and you start " +
    "afresh. Nothing else is affected.");
}

// Stores written before `sets` existed, or with missing fields, are filled in.
function migrate(value) {
  return {
    version: STORE_VERSION,
    answers: value.answers,
    sets: value.sets && typeof value.sets === "object" ? value.sets : {},
  };
}

// Merge with what another tab may have written since, then save.
function writeStore(update) {
  const store = readStore();
  update(store);
  if (readOnly) return store;
  try {
    localStorage.setItem(STORE_KEY, JSON.stringify(store));
  } catch {
    notices.add("Your progress could not be saved (the browser's storage is full or " +
      "disabled). Export it to keep it.");
    renderProgressPanels();
  }
  return store;
}

function mergeAnswers(target, answers) {
  let count = 0;
  for (const [id, answer] of Object.entries(answers || {})) {
    if (!answer || typeof answer.choice !== "string" || typeof answer.credit !== "number") continue;
    const mine = target[id];
    if (!mine || (answer.at || 0) > (mine.at || 0)) {
      target[id] = answer;
      count++;
    }
  }
  return count;
}

// ---------------------------------------------------------------- helpers

function el(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (name === "text") node.textContent = value;
    else node.setAttribute(name, value);
  }
  for (const child of children) if (child) node.append(child);
  return node;
}

function labelsOf(data, decisions) {
  return decisions.map((d) => `“${data.labels[d]}”`).join(" or ");
}

function gradeFromKey(data, choice) {
  const verdict = data.key[data.policy];
  const credit = verdict.credit[choice];
  const result = credit === 1 ? "best" : credit > 0 ? "partial" : "wrong";
  return { choice, credit, result, best: verdict.best, reasons: verdict.reasons };
}

function reasonList(data, reasons) {
  const list = el("ul", { class: "con-reasons" });
  for (const reason of reasons) {
    const item = el("li", { "data-rule": reason.rule, text: `${reason.says} ` });
    item.append(el("cite", { text: `(${data.sources[reason.source]})` }));
    const guide = data.guide[reason.rule];
    if (guide) item.append(" ", el("a", { href: guide, text: "Read the guide section" }));
    list.append(item);
  }
  return list;
}

// ---------------------------------------------------------------- a card

function enhanceCard(card, options = {}) {
  if (card.dataset.enhanced) return;
  card.dataset.enhanced = "1";
  const data = JSON.parse(card.querySelector(".con-data").textContent);
  const form = card.querySelector(".con-form");
  const feedback = card.querySelector(".con-feedback");
  const status = card.querySelector(".con-engine");
  const answer = card.querySelector(".con-answer");
  if (answer) answer.hidden = true; // the no-script fallback; feedback replaces it

  const showEngine = () => {
    if (!card.isConnected) {
      engine.listeners.delete(showEngine); // the page was navigated away from
      return;
    }
    card.dataset.engine = engine.state;
    if (engine.state === "starting") status.textContent = "Starting the grader…";
    else if (engine.state === "ready") status.textContent = "";
    else if (engine.state === "failed") {
      status.textContent = `${engine.error.problem} Your answers are graded from the ` +
        `course's answer key instead. For the trainer: ${engine.error.fix}`;
    }
  };
  engine.listeners.add(showEngine);
  showEngine();

  const previous = readStore().answers[data.card.id];
  renderNotices();
  if (previous) {
    const radio = form.querySelector(`input[value="${CSS.escape(previous.choice)}"]`);
    if (radio) radio.checked = true;
    card.dataset.restored = previous.result;
    feedback.replaceChildren(el("p", {
      class: "con-restored",
      text: `Earlier you chose “${data.labels[previous.choice]}”: ` +
        `${RESULT_TEXT[previous.result]} Check again to see the feedback.`,
    }));
  }

  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const picked = form.querySelector("input[name=decision]:checked");
    if (!picked) {
      feedback.replaceChildren(el("p", { text: "Pick an answer first, then check it." }));
      form.querySelector("input[name=decision]").focus();
      return;
    }
    const button = form.querySelector(".con-check");
    button.disabled = true;
    feedback.replaceChildren(el("p", { text: "Checking…" }));
    try {
      await check(card, data, picked.value, feedback);
    } finally {
      button.disabled = false;
    }
    if (options.onGraded) options.onGraded(data, Number(feedback.dataset.credit));
  });
}

async function check(card, data, choice, feedback) {
  let graded = null;
  let by = "key";
  if (await engineReady(CHECK_WAIT_MS)) {
    try {
      graded = await send("grade", { card: data.card, choice, policy: data.policy });
      by = "pyodide";
    } catch {
      graded = null;
    }
  }
  if (!graded) graded = gradeFromKey(data, choice);

  const heading = el("p", { class: "con-result", tabindex: "-1" });
  heading.append(el("strong", {
    text: graded.result === "partial"
      ? `${RESULT_TEXT.partial}: ${Math.round(graded.credit * 100)}% credit.`
      : RESULT_TEXT[graded.result],
  }));
  const parts = [
    heading,
    el("p", { text: `Best here (${data.policy} policy): ${labelsOf(data, graded.best)}.` }),
    el("p", { text: "Why:" }),
    reasonList(data, graded.reasons),
  ];
  if (data.debrief) {
    const debrief = el("div", { class: "con-debrief" });
    debrief.innerHTML = data.debrief; // sanitised at build time (nh3)
    parts.push(debrief);
  }
  parts.push(whatIf(data, by), await others(data, by));
  parts.push(el("p", {
    class: "con-graded-note",
    text: by === "pyodide"
      ? "Graded in your browser by the course's Python rule model."
      : "Graded from the course's answer key: " +
        (engine.error ? engine.error.problem : "the grader was not ready in time."),
  }));
  feedback.dataset.result = graded.result;
  feedback.dataset.credit = String(graded.credit);
  feedback.replaceChildren(...parts);
  card.dataset.gradedBy = by;
  heading.focus();

  writeStore((store) => {
    store.answers[data.card.id] = {
      choice, credit: graded.credit, result: graded.result, policy: data.policy, at: Date.now(),
    };
  });
  renderProgressPanels();
}

// "What if…": one control per fact whose change would flip the answer.
function whatIf(data, by) {
  const verdict = data.key[data.policy];
  const section = el("section", { class: "con-whatif" });
  if (!verdict.flips.length) return section;
  section.append(el("h3", { text: "What if…" }));
  const byFact = new Map();
  for (const flip of verdict.flips) {
    if (!byFact.has(flip.fact)) byFact.set(flip.fact, []);
    byFact.get(flip.fact).push(flip);
  }
  const result = el("div", { class: "con-whatif-result", role: "status" });
  const selects = [];
  const show = (value) => (value === null || value === undefined ? "unknown" : String(value));
  for (const [fact, flips] of byFact) {
    const id = `con-${data.card.id}-whatif-${fact}`;
    const select = el("select", { id, "data-fact": fact });
    select.append(el("option", { value: "", text: `as in the story (${show(flips[0].from)})` }));
    for (const flip of flips) {
      select.append(el("option", { value: JSON.stringify(flip.to), text: show(flip.to) }));
    }
    const row = el("div", { class: "con-whatif-row" },
      el("label", { for: id, text: `${fact.replaceAll("_", " ")}: ${data.facts[fact]}` }),
      select);
    section.append(row);
    selects.push(select);
  }
  section.append(result);
  const update = async () => {
    const changed = selects.filter((s) => s.value !== "");
    if (!changed.length) {
      result.textContent = "";
      return;
    }
    const facts = { ...data.card.facts };
    for (const s of changed) facts[s.dataset.fact] = JSON.parse(s.value);
    let best;
    let reasons = [];
    if (engine.state === "ready") {
      const v = await send("evaluate", { card: { ...data.card, facts }, policy: data.policy });
      best = v.best;
      reasons = v.reasons;
    } else if (changed.length === 1) {
      const flip = verdict.flips.find((f) => f.fact === changed[0].dataset.fact &&
        JSON.stringify(f.to) === changed[0].value);
      best = flip.best;
    } else {
      result.textContent = "Combining changes needs the grader, which is not running.";
      return;
    }
    result.replaceChildren(el("p", { text: `Then the best answer is ${labelsOf(data, best)}.` }));
    if (reasons.length) result.append(reasonList(data, reasons));
    section.dataset.best = best.join(" ");
  };
  for (const s of selects) s.addEventListener("change", update);
  section.dataset.by = by;
  return section;
}

// "How the others see it": the verdict under the two other policies.
async function others(data, by) {
  let verdicts = null;
  if (by === "pyodide") {
    try {
      verdicts = await send("others", { card: data.card, policy: data.policy });
    } catch {
      verdicts = null;
    }
  }
  if (!verdicts) {
    verdicts = Object.fromEntries(
      Object.entries(data.key).filter(([policy]) => policy !== data.policy));
  }
  const section = el("section", { class: "con-others" }, el("h3", { text: "How the others see it" }));
  const list = el("ul");
  for (const [policy, verdict] of Object.entries(verdicts)) {
    const item = el("li", { "data-policy": policy });
    item.append(el("strong", { text: `${data.policies[policy]}: ` }),
      `${labelsOf(data, verdict.best)}. ${verdict.reasons[0].says}`);
    list.append(item);
  }
  section.append(list);
  return section;
}

// ---------------------------------------------------------------- quiz sets

function seededOrder(ids, seed) {
  // A small deterministic shuffle (mulberry32), so a class shares one order.
  let state = seed >>> 0;
  const random = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const order = [...ids];
  for (let i = order.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [order[i], order[j]] = [order[j], order[i]];
  }
  return order;
}

function enhanceSet(set) {
  if (set.dataset.enhanced) return;
  set.dataset.enhanced = "1";
  const config = JSON.parse(set.querySelector(".con-set-data").textContent);
  const cards = new Map([...set.querySelectorAll(".con-card")].map((c) => [c.dataset.card, c]));
  const order = config.shuffle ? seededOrder(config.cards, config.seed) : config.cards;
  const position = set.querySelector(".con-set-position");
  const next = set.querySelector(".con-set-next");
  const summary = set.querySelector(".con-set-summary");
  const keyOf = () => readStore().sets[config.id] || { index: 0, results: {} };

  const show = (focus) => {
    const state = keyOf();
    const done = state.index >= order.length;
    for (const [id, card] of cards) card.hidden = done || id !== order[state.index];
    next.hidden = true;
    summary.hidden = !done;
    if (done) {
      position.textContent = `Finished: ${order.length} of ${order.length}`;
      renderSummary(state);
      if (focus) summary.querySelector("h2").focus();
    } else {
      position.textContent = `Card ${state.index + 1} of ${order.length}`;
      const current = cards.get(order[state.index]);
      if (state.results[order[state.index]] !== undefined) next.hidden = false;
      if (focus) current.querySelector("legend").closest("fieldset").querySelector("input").focus();
    }
  };

  const renderSummary = (state) => {
    const total = order.reduce((sum, id) => sum + (state.results[id] || 0), 0);
    summary.replaceChildren();
    summary.append(el("h2", { tabindex: "-1", text: "Your results" }),
      el("p", { class: "con-set-score",
        text: `Score: ${total} of ${order.length} (${Math.round((100 * total) / order.length)}%)` }));
    const missed = new Map();
    for (const id of order) {
      if ((state.results[id] || 0) >= 1) continue;
      const data = JSON.parse(cards.get(id).querySelector(".con-data").textContent);
      for (const reason of data.key[data.policy].reasons) {
        if (!missed.has(reason.rule)) missed.set(reason.rule, { reason, data });
      }
    }
    if (missed.size) {
      summary.append(el("p", { text: "The advice behind the answers you missed:" }));
      const list = el("ul", { class: "con-set-missed" });
      for (const { reason, data } of missed.values()) {
        const item = el("li", { "data-rule": reason.rule, text: `${reason.says} ` });
        item.append(el("a", { href: data.guide[reason.rule], text: "Review this in the guide" }));
        list.append(item);
      }
      summary.append(list);
    } else {
      summary.append(el("p", { text: "Every answer was the best one. Well done." }));
    }
    const retry = el("button", { type: "button", class: "md-button con-set-retry",
      text: "Try this set again" });
    retry.addEventListener("click", () => {
      writeStore((store) => {
        store.sets[config.id] = { index: 0, results: {} };
      });
      for (const card of cards.values()) {
        card.querySelector(".con-feedback").replaceChildren();
        for (const radio of card.querySelectorAll("input[name=decision]")) radio.checked = false;
      }
      show(true);
    });
    summary.append(retry);
  };

  for (const card of cards.values()) {
    enhanceCard(card, {
      onGraded: (data, credit) => {
        writeStore((store) => {
          const state = store.sets[config.id] || { index: 0, results: {} };
          state.results[data.card.id] = credit;
          store.sets[config.id] = state;
        });
        next.hidden = false;
      },
    });
  }
  next.addEventListener("click", () => {
    writeStore((store) => {
      const state = store.sets[config.id] || { index: 0, results: {} };
      state.index = Math.min(state.index + 1, order.length);
      store.sets[config.id] = state;
    });
    show(true);
  });
  show(false);
}

// ---------------------------------------------------------------- progress panel

// Storage problems are told wherever the learner is: cards and progress panels.
function renderNotices() {
  for (const box of document.querySelectorAll(".con-notice")) {
    box.textContent = [...notices].join(" ");
  }
}

function renderProgressPanels() {
  renderNotices();
  const panels = document.querySelectorAll(".con-progress");
  if (!panels.length) return;
  const answers = Object.values(readStore().answers);
  const best = answers.filter((a) => a.result === "best").length;
  for (const panel of panels) {
    panel.querySelector(".con-progress-summary").textContent = answers.length
      ? `You have answered ${answers.length} card${answers.length === 1 ? "" : "s"}; ` +
        `${best} with the best answer.`
      : "You have not answered any card yet.";
    const list = panel.querySelector(".con-progress-notices");
    list.replaceChildren(...[...notices].map((text) => el("li", { text })));
  }
}

function enhanceProgress(panel) {
  if (panel.dataset.enhanced) return;
  panel.dataset.enhanced = "1";
  panel.hidden = false;
  const status = panel.querySelector(".con-progress-status");
  panel.querySelector(".con-export").addEventListener("click", () => {
    const store = readStore();
    const blob = new Blob([JSON.stringify({
      format: "connect-or-not-progress", version: STORE_VERSION, site: SITE.pathname,
      exported: new Date().toISOString(), answers: store.answers, sets: store.sets,
    }, null, 1)], { type: "application/json" });
    const link = el("a", { href: URL.createObjectURL(blob),
      download: "connect-or-not-progress.json" });
    document.body.append(link);
    link.click();
    link.remove();
    status.textContent = `Exported ${Object.keys(store.answers).length} answers.`;
  });
  panel.querySelector(".con-import").addEventListener("change", async (event) => {
    const file = event.target.files[0];
    if (!file) return;
    let data;
    try {
      data = JSON.parse(await file.text());
    } catch {
      data = null;
    }
    if (!data || data.format !== "connect-or-not-progress" || !isStore(data)) {
      status.textContent = "That file is not a Connect or Not progress export; nothing changed.";
      return;
    }
    if ((data.version || 0) > STORE_VERSION) {
      status.textContent = "That file comes from a newer version of the course; nothing changed.";
      return;
    }
    let count = 0;
    writeStore((store) => {
      count = mergeAnswers(store.answers, data.answers);
      Object.assign(store.sets, data.sets || {});
    });
    status.textContent = `Imported ${count} answers.`;
    event.target.value = "";
    renderProgressPanels();
  });
  panel.querySelector(".con-reset").addEventListener("click", () => {
    if (!window.confirm("Forget all your answers on this course?")) return;
    try {
      localStorage.removeItem(STORE_KEY);
    } catch {
      // storage disabled: there is nothing stored to forget
    }
    status.textContent = "Your progress has been reset.";
    renderProgressPanels();
  });
  renderProgressPanels();
}

// ---------------------------------------------------------------- offline

let registered = false;

// The service worker keeps the course usable offline. It is registered once the
// page has loaded, so it never competes with the grader's start.
function registerServiceWorker() {
  if (registered || !("serviceWorker" in navigator) || !/^https?:$/.test(location.protocol)) {
    return;
  }
  // Builds without a service worker (`mkdocs serve`, `offline: false`) say so.
  if (document.querySelector('meta[name="connect-or-not-offline"][content="off"]')) return;
  registered = true;
  navigator.serviceWorker.addEventListener("message", (event) => {
    if (event.data === "offline-ready") document.documentElement.dataset.offlineReady = "1";
  });
  navigator.serviceWorker.register(new URL("sw.js", SITE)).catch(() => {});
}

// Once a card's grader runs, the course is worth keeping for offline use: ask for
// it when the browser is idle, so the caching never delays feedback.
function cacheForOfflineWhenReady() {
  if (!registered) return;
  const idle = window.requestIdleCallback || ((callback) => setTimeout(callback, 1000));
  const ask = () => idle(() => navigator.serviceWorker.ready.then((registration) => {
    registration.active.postMessage("cache-for-offline");
  }));
  if (engine.state === "ready") ask();
  else engine.listeners.add(function once() {
    if (engine.state !== "ready") return;
    engine.listeners.delete(once);
    ask();
  });
}

// ---------------------------------------------------------------- start

// Once the page has loaded (at once if it has), so that it never delays the page.
function afterLoad(callback) {
  if (document.readyState === "complete") callback();
  else window.addEventListener("load", callback, { once: true });
}

function init() {
  const cards = document.querySelectorAll(".con-card");
  const first = document.querySelector("[data-runtime]");
  afterLoad(registerServiceWorker);
  if (first) {
    startEngine(first.dataset.runtime, first.dataset.snapshot);
    afterLoad(cacheForOfflineWhenReady);
  }
  for (const set of document.querySelectorAll(".con-set")) enhanceSet(set);
  for (const card of cards) enhanceCard(card);
  for (const panel of document.querySelectorAll(".con-progress")) enhanceProgress(panel);
}

// Run for the page as loaded, then again whenever Material's instant navigation
// swaps in a page (document$ emits; it does not on file://). init is idempotent.
function subscribe() {
  init();
  if (typeof window.document$ !== "undefined") window.document$.subscribe(init);
}
if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", subscribe);
else subscribe();
})();
