// Connect or Not quiz engine: wiring the parts to the page.
//
// Loaded on every page but does nothing unless the page shows a card or a progress
// panel: then it reads the page's config block (PageConfig), starts the grader and
// enhances each plain-HTML card, set and panel. Nothing on a guide page waits.
import { Card } from "./card.js";
import { EVENTS, Messages, emit, globals, pages } from "./core.js";
import { Engine, Grading } from "./engine.js";
import { ProgressPanel, renderNotices } from "./progress.js";
import { QuizSet } from "./set.js";
import { Store, backends } from "./store.js";
import { listen as showResultCodes } from "./tally.js";

/** @typedef {import("./contract.js").PageConfig} PageConfig */
/** @typedef {import("./core.js").Parts} Parts */

// Where quiz.js was loaded from (boot sets it): the site is two folders up.
let SCRIPT = "";
let ASSETS = new URL("about:blank");
let SITE = new URL("about:blank");
let STORE_KEY = "";

const engine = new Engine(); // one grader for the whole visit, across pages
/** @type {Store | null} */
let store = null;
/** @type {{parts: Parts, panels: ProgressPanel[]} | null} what the page shows of the store */
let shown = null;

// Each page's config as last read: Material's instant navigation can swap a page in
// again (a link to the same page with another "#...") without its config block.
/** @type {Map<string, PageConfig>} */
const configs = new Map();

/** @returns {PageConfig} */
function pageConfig() {
  const block = document.querySelector(".con-config");
  if (block) {
    const config = JSON.parse(block.textContent || "");
    configs.set(location.pathname, config);
    return config;
  }
  // Pages without cards (a progress panel, the tally) read only the language.
  return configs.get(location.pathname) ||
    /** @type {PageConfig} */ ({ lang: document.documentElement.lang });
}

function theStore() {
  if (!store) {
    const kept = new Store(STORE_KEY, globals().backend || backends.local());
    store = kept;
    kept.addEventListener("change", () => emit(document, EVENTS.stored, {}));
    // Another tab of the course saved: merge back anything of ours it missed.
    window.addEventListener("storage", (event) => {
      if (event.key === STORE_KEY) kept.reconcile();
    });
  }
  return store;
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
// it once the learner has been idle for FILL_IDLE_MS (no key, pointer or scroll), so
// that the copy never delays feedback, nor, on a class's one access point, the
// others' first cards. A browser asking to save data gets no copy beyond the pages
// it visits.
const FILL_IDLE_MS = 10000;

function cacheForOfflineWhenReady() {
  if (!registered || /** @type {any} */ (navigator).connection?.saveData) return;
  // Only the runtime files this browser's way used: the other way is not downloaded.
  const ask = () => navigator.serviceWorker.ready.then((registration) => {
    // This page and the pages it links to come first in the offline copy.
    const hrefs = (/** @type {string} */ selector) => [...document.querySelectorAll(selector)]
      .map((link) => /** @type {HTMLAnchorElement} */ (link).href);
    const pages = [location.href, ...hrefs(".md-content a[href]"), ...hrefs("a[href]")];
    registration.active?.postMessage({ op: "cache-for-offline", runtime: engine.started?.files,
      pages });
  });
  const idle = () => afterIdle(FILL_IDLE_MS, ask);
  if (engine.state === "ready") idle();
  else engine.addEventListener("state", function once() {
    if (engine.state !== "ready") return;
    engine.removeEventListener("state", once);
    idle();
  });
}

const ACTIVITY = ["keydown", "pointerdown", "scroll", "input"];

// Calls back once nothing has happened on the page for `ms`.
/** @param {number} ms @param {() => void} callback */
function afterIdle(ms, callback) {
  /** @type {ReturnType<typeof setTimeout> | undefined} */
  let timer;
  const again = () => {
    clearTimeout(timer);
    timer = setTimeout(() => {
      for (const type of ACTIVITY) window.removeEventListener(type, again, true);
      callback();
    }, ms);
  };
  for (const type of ACTIVITY) window.addEventListener(type, again, { capture: true, passive: true });
  again();
}

// ---------------------------------------------------------------- start

// Once the page has loaded (at once if it has), so that it never delays the page.
/** @param {() => void} callback */
function afterLoad(callback) {
  if (document.readyState === "complete") callback();
  else window.addEventListener("load", callback, { once: true });
}

/** @param {string} selector @returns {HTMLElement[]} */
function fresh(selector) {
  return [...document.querySelectorAll(selector)].map((node) => /** @type {HTMLElement} */ (node))
    .filter((node) => !node.dataset.enhanced);
}

/** @param {HTMLElement} node @param {{enhance(): void}} part */
function enhance(node, part) {
  node.dataset.enhanced = "1";
  part.enhance();
}

function init() {
  afterLoad(registerServiceWorker);
  const sets = fresh(".con-set");
  const panels = fresh(".con-progress");
  const special = pages.flatMap(({ selector, create }) =>
    fresh(selector).map((node) => ({ node, create })));
  if (!sets.length && !panels.length && !special.length && !fresh(".con-card").length) return;
  const config = pageConfig();
  const messages = new Messages(globals().catalog || {}, config.lang || "en");
  /** @type {Parts} */
  const parts = { config, messages, store: theStore(), engine,
    grading: new Grading(engine, config), site: SITE.pathname };
  if (config.runtime) {
    // By the runtime folder's path: two courses on one origin may share its name (the
    // same runtime), but not each other's offline copy of the way each one took.
    const way = `connect-or-not:way:${new URL(config.runtime.url, location.href).pathname}`;
    // The worker carries quiz.js's version (?v=...), so that no cache pairs them wrongly.
    engine.start(new URL(`worker.js${new URL(SCRIPT).search}`, ASSETS), config.runtime,
      remembered(way));
    afterLoad(cacheForOfflineWhenReady);
    reportFailure(messages);
    rememberWay(way);
  }
  const panelParts = panels.map((node) => new ProgressPanel(node, parts));
  shown = { parts, panels: panelParts };
  for (const node of sets) {
    const set = new QuizSet(node, parts);
    for (const card of set.cards.values()) card.root.dataset.enhanced = "1";
    enhance(node, set);
  }
  // The pages parts bring (presenter, tally) own the cards inside them.
  for (const { node, create } of special) {
    for (const card of node.querySelectorAll(".con-card")) {
      /** @type {HTMLElement} */ (card).dataset.enhanced = "1";
    }
    enhance(node, create(node, parts));
  }
  for (const node of fresh(".con-card")) {
    const card = new Card(node, parts);
    enhance(node, card);
    card.answerFromAddress();
  }
  panelParts.forEach((panel, i) => enhance(panels[i], panel));
  showStore();
}

// The way the grader started (lean or fast) is kept, per runtime version: next time
// its files are in the browser's caches, and the same way starts at once.
/** @param {string} key @returns {"lean" | "fast" | undefined} */
function remembered(key) {
  try {
    const way = localStorage.getItem(key);
    return way === "lean" || way === "fast" ? way : undefined;
  } catch {
    return undefined;
  }
}

/** @param {string} key */
function rememberWay(key) {
  const keep = () => {
    if (engine.state !== "ready") return;
    engine.removeEventListener("state", keep);
    try {
      if (engine.started) localStorage.setItem(key, engine.started.way);
    } catch {
      // no storage: the link is timed again next time
    }
  };
  engine.addEventListener("state", keep);
  keep();
}

// The learner reads the problem on the card; the fix is for the trainer, here.
/** @param {Messages} messages */
function reportFailure(messages) {
  const report = () => {
    if (engine.state !== "failed" || !engine.error) return;
    engine.removeEventListener("state", report);
    const { detail, fix } = engine.error;
    console.warn(`Connect or Not: the grader could not start (${detail}). ` +
      `For the trainer: ${messages.t(fix)}`);
  };
  engine.addEventListener("state", report);
  report();
}

function showStore() {
  if (!shown) return;
  renderNotices(shown.parts.store, shown.parts.messages);
  for (const panel of shown.panels) panel.render();
}

// Run for the page as loaded, then again whenever Material's instant navigation
// swaps in a page (document$ emits; it does not on file://). init is idempotent.
// Material's "Skip to content" link goes through its instant navigation, which
// fetches the page again and swaps it in; jump in place instead, focus included,
// so that the next Tab is the content's first control.
/** @param {MouseEvent} event */
function skipInPlace(event) {
  const clicked = /** @type {Element} */ (event.target);
  const link = /** @type {HTMLAnchorElement | null} */ (clicked.closest && clicked.closest("a.md-skip"));
  if (!link) return;
  const target = document.getElementById(decodeURIComponent(new URL(link.href).hash.slice(1)));
  if (!target) return;
  event.preventDefault();
  event.stopPropagation();
  if (!target.hasAttribute("tabindex")) target.setAttribute("tabindex", "-1");
  target.focus();
  history.replaceState(history.state, "", link.href);
}

// Starts the engine on this page (quiz.js calls it once). Scripts that bring a kind
// of page (quiz-class.js) call globals().refresh once they have run.
/** @param {string} [script] quiz.js's address */
export function boot(script = /** @type {HTMLScriptElement} */ (document.currentScript).src) {
  SCRIPT = script;
  ASSETS = new URL("./", SCRIPT);
  SITE = new URL("../../", SCRIPT);
  STORE_KEY = `connect-or-not:${SITE.pathname}`;
  window.addEventListener("click", skipInPlace, true);
  globals().refresh = init;
  globals().notice = (id) => theStore().notice(id);
  showResultCodes(document);
  const subscribe = () => {
    document.addEventListener(EVENTS.stored, showStore);
    init();
    const swaps = /** @type {any} */ (window).document$;
    if (typeof swaps !== "undefined") swaps.subscribe(init);
  };
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", subscribe);
  else subscribe();
}
