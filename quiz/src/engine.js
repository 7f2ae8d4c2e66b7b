// Connect or Not quiz engine: the grader.
//
// Engine owns the worker (worker.js runs the connect_or_not package in Pyodide)
// and answers id-tagged requests (WorkerRequest -> WorkerResponse). Two graders
// return the same Grade: the Pyodide grader leads, because it is the rule model
// itself and can also answer what-if questions the key never saw; the key grader
// answers at once whenever Pyodide is not ready yet (or cannot start), from the
// answer key the build computed with the same model, and a card then switches to
// Pyodide quietly when it arrives. The other policies' answers always come from
// the key: they are the same for every learner, so no worker call is spent.
//
// Starting has no wall-clock limit while bytes arrive: a slow link is not a
// failure, a stalled one is (no byte for STALL_MS). Once everything has arrived,
// Python gets BOOT_MS to start. A ready worker that dies (an error, or no answer in
// time: the browser killed it) is replaced by a new one, a few times a page, while
// the key answers: later questions never wait on a dead worker.

/** @typedef {import("./contract.js").RuntimeInfo} RuntimeInfo */
/** @typedef {import("./contract.js").CardPayload} CardPayload */
/** @typedef {import("./contract.js").Grade} Grade */
/** @typedef {import("./contract.js").Reason} Reason */
/** @typedef {import("./contract.js").ReasonRef} ReasonRef */
/** @typedef {import("./contract.js").KeyVerdict} KeyVerdict */
/** @typedef {import("./contract.js").PageConfig} PageConfig */
/** @typedef {import("./contract.js").WorkerRequest} WorkerRequest */
/** @typedef {import("./contract.js").WorkerResponse} WorkerResponse */
/** @typedef {{problem: string, fix: string, detail: string}} Failure */
/** @typedef {{best: string[], reasons: Reason[]}} WhatIfAnswer */

export const STALL_MS = 20000; // no byte for this long while downloading: the start failed
export const BOOT_MS = 90000; // everything downloaded, yet no grader after this long: failed
export const MAX_RESTARTS = 3; // dead workers replaced on one page, before giving up

// Why the grader could not start, as message ids: the learner's problem and the
// trainer's fix.
/** @type {[RegExp, string][]} */
const FAILURES = [
  [/^file:/, "file"],
  [/no-wasm/, "wasm"],
  [/Content.Security.Policy|wasm-unsafe-eval|CompileError|unsafe-eval/i, "csp"],
  [/MIME|application\/wasm/i, "mime"],
  [/404|Failed to fetch|NetworkError|failed to load|Cannot find|import/i, "missing"],
  [/stall/, "stall"],
  [/timeout/, "timeout"],
];

/** @param {unknown} error @returns {Failure} */
export function explain(error) {
  const detail = String((error instanceof Error && error.message) || error);
  const found = FAILURES.find(([pattern]) => pattern.test(detail));
  const name = found ? found[1] : "other";
  return { problem: `error.${name}.problem`, fix: `error.${name}.fix`, detail };
}

/** @typedef {"idle" | "starting" | "ready" | "failed"} EngineState */

export class Engine extends EventTarget {
  constructor() {
    super();
    /** @type {EngineState} */
    this.state = "idle";
    /** @type {Failure | null} */
    this.error = null;
    /** @type {Worker | null} */
    this.worker = null;
    /** @type {Map<number, {resolve: (value: any) => void, reject: (error: Error) => void}>} */
    this.pending = new Map();
    this.nextId = 1;
    this.progress = { loaded: 0, total: 0 };
    /** @type {import("./contract.js").WorkerStarted | null} how the worker started */
    this.started = null;
    /** @type {[URL | string, RuntimeInfo, import("./contract.js").WorkerStart["prefer"]] | null} */
    this.startedWith = null;
    this.restarts = 0;
  }

  // The ready worker died or stopped answering: a new one, from the same files
  // (the browser's cache has them), while the key answers.
  replace() {
    if (this.state !== "ready" || !this.startedWith) return;
    const worker = this.worker;
    this.worker = null;
    worker?.terminate();
    const reason = new Error("the grader stopped");
    for (const { reject } of this.pending.values()) reject(reason);
    this.pending.clear();
    if (this.restarts >= MAX_RESTARTS) {
      this.setState("failed", explain(reason));
      return;
    }
    this.restarts++;
    this.state = "idle";
    const [url, runtime, prefer] = this.startedWith;
    this.start(url, runtime, this.started ? this.started.way : prefer);
  }

  /** @param {EngineState} state @param {Failure | null} [error] */
  setState(state, error = null) {
    this.state = state;
    this.error = error;
    this.dispatchEvent(new Event("state"));
  }

  /**
   * @param {URL | string} workerUrl
   * @param {RuntimeInfo} runtime
   * @param {import("./contract.js").WorkerStart["prefer"]} [prefer] the way this browser
   *   took before
   */
  start(workerUrl, runtime, prefer) {
    if (this.state !== "idle") return;
    this.startedWith = [workerUrl, runtime, prefer];
    this.setState("starting");
    /** @type {ReturnType<typeof setTimeout> | undefined} */
    let timer;
    // Waiting for bytes, the limit is a stall; with every byte in, Python's start.
    const watch = () => {
      clearTimeout(timer);
      const { loaded, total } = this.progress;
      const downloaded = total > 0 && loaded >= total;
      timer = setTimeout(() => fail(new Error(downloaded ? "timeout" : "stall")),
        downloaded ? BOOT_MS : STALL_MS);
    };
    /** @param {unknown} error */
    const fail = (error) => {
      clearTimeout(timer);
      if (this.state === "failed") return;
      const reason = error instanceof Error ? error : new Error(String(error));
      for (const { reject } of this.pending.values()) reject(reason);
      this.pending.clear();
      if (this.worker) this.worker.terminate();
      this.setState("failed", explain(error));
    };
    watch();
    try {
      if (location.protocol === "file:") throw new Error("file:");
      if (typeof WebAssembly !== "object") throw new Error("no-wasm");
      this.worker = new Worker(workerUrl, { type: "module" });
    } catch (error) {
      fail(error);
      return;
    }
    const worker = this.worker;
    worker.onmessage = (event) => {
      if (event.data.progress) {
        this.progress = event.data.progress;
        if (this.state === "starting") watch();
        this.dispatchEvent(new Event("progress"));
        return;
      }
      /** @type {WorkerResponse} */
      const { id, ok, result, error } = event.data;
      const call = this.pending.get(id);
      if (!call) return;
      this.pending.delete(id);
      if (ok) call.resolve(result);
      else call.reject(new Error(error));
    };
    worker.onerror = (event) => {
      event.preventDefault();
      if (this.state === "ready" && this.worker === worker) this.replace();
      else fail(new Error(`worker: ${event.message || "no script"}`));
    };
    const absolute = { ...runtime, url: new URL(runtime.url, location.href).href, prefer };
    this.send("start", { runtime: absolute }).then(
      (started) => {
        clearTimeout(timer);
        this.started = started;
        this.setState("ready");
      },
      fail,
    );
  }

  // A request to the worker; with `timeout` (ms), one it does not answer in time
  // is given up (the worker may be stuck), so the caller can fall back to the key.
  /**
   * @param {WorkerRequest["op"]} op
   * @param {Omit<Partial<WorkerRequest>, "id" | "op">} payload
   * @returns {Promise<any>}
   */
  send(op, payload = {}, timeout = 0) {
    return new Promise((resolve, reject) => {
      const id = this.nextId++;
      this.pending.set(id, { resolve, reject });
      if (timeout) {
        setTimeout(() => {
          if (!this.pending.delete(id)) return;
          reject(new Error(`no answer to ${op} in ${timeout} ms`));
          this.replace(); // a ready grader answers in milliseconds: this one is stuck
        }, timeout);
      }
      const request = { id, op, ...payload };
      if (this.worker) this.worker.postMessage(request);
      else reject(new Error("no worker"));
    });
  }

  // Resolves true once the grader is ready, false if it failed.
  /** @returns {Promise<boolean>} */
  ready() {
    if (this.state === "ready") return Promise.resolve(true);
    if (this.state !== "starting") return Promise.resolve(false);
    return new Promise((resolve) => {
      const listener = () => {
        if (this.state !== "ready" && this.state !== "failed") return;
        this.removeEventListener("state", listener);
        resolve(this.state === "ready");
      };
      this.addEventListener("state", listener);
    });
  }
}

// Grades from the answer key (KeyVerdict): each choice's credit and result are there.
export class KeyGrader {
  /** @param {PageConfig} config */
  constructor(config) {
    this.config = config;
  }

  /** @param {CardPayload} payload @param {string} choice @param {string} policy @returns {Grade} */
  grade(payload, choice, policy) {
    const verdict = payload.key[policy];
    return { id: payload.card.id, policy, choice, credit: verdict.credit[choice],
      result: verdict.results[choice], best: verdict.best, reasons: this.reasons(verdict.reasons),
      split: verdict.split, unknown: verdict.unknown };
  }

  // What-if from the key: only a single change the build foresaw (a flip).
  /**
   * @param {CardPayload} payload @param {Record<string, unknown>} facts @param {string} policy
   * @param {string[]} changed @returns {WhatIfAnswer | null}
   */
  evaluate(payload, facts, policy, changed) {
    if (changed.length !== 1) return null;
    const [fact] = changed;
    const flip = payload.key[policy].flips.find((f) => f.fact === fact &&
      JSON.stringify(f.to) === JSON.stringify(facts[fact]));
    return flip ? { best: flip.best, reasons: [] } : null;
  }

  /** @param {ReasonRef[]} refs @returns {Reason[]} */
  reasons(refs) {
    return refs.map((ref) => ({ ...ref, ...this.config.rules[ref.rule] }));
  }
}

// A ready grader answers in milliseconds; one silent for this long is stuck.
const ANSWER_TIMEOUT_MS = 5000;

export class PyodideGrader {
  /** @param {Engine} engine */
  constructor(engine) {
    this.engine = engine;
  }

  /** @param {CardPayload} payload @param {string} choice @param {string} policy @returns {Promise<Grade>} */
  grade(payload, choice, policy) {
    return this.engine.send("grade", { card: payload.card, choice, policy }, ANSWER_TIMEOUT_MS);
  }

  /**
   * @param {CardPayload} payload @param {Record<string, unknown>} facts @param {string} policy
   * @returns {Promise<WhatIfAnswer>}
   */
  evaluate(payload, facts, policy) {
    return this.engine.send("evaluate", { card: { ...payload.card, facts }, policy },
      ANSWER_TIMEOUT_MS);
  }
}

// Which grader answers: Pyodide when it is ready, else the key, at once.
export class Grading {
  /** @param {Engine} engine @param {PageConfig} config */
  constructor(engine, config) {
    this.engine = engine;
    this.pyodide = new PyodideGrader(engine);
    this.key = new KeyGrader(config);
  }

  /**
   * @param {CardPayload} payload @param {string} choice @param {string} policy
   * @returns {Promise<{grade: Grade, by: "pyodide" | "key"}>}
   */
  async grade(payload, choice, policy) {
    if (this.engine.state === "ready") {
      try {
        return { grade: await this.pyodide.grade(payload, choice, policy), by: "pyodide" };
      } catch {
        // fall through to the key
      }
    }
    return { grade: this.key.grade(payload, choice, policy), by: "key" };
  }

  // {best, reasons} for the card with these facts, or null if no grader can tell.
  /**
   * @param {CardPayload} payload @param {Record<string, unknown>} facts @param {string} policy
   * @param {string[]} changed @returns {Promise<WhatIfAnswer | null>}
   */
  async evaluate(payload, facts, policy, changed) {
    if (this.engine.state === "ready") {
      try {
        return await this.pyodide.evaluate(payload, facts, policy);
      } catch {
        // fall through to the key
      }
    }
    return this.key.evaluate(payload, facts, policy, changed);
  }
}
