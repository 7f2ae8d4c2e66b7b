// Connect or Not grader, the card studio's part: loaded by worker.js only when the
// studio's page starts it (quiz/studio/), so that no learner's worker carries it.
// It installs the studio's packages from its lock (the whole package, PyYAML,
// Markdown), each checked against the lock's sha256, and answers "check": what
// `connect-or-not validate --coverage` and `explain` say of a card's YAML
// (connect_or_not.studio).

/** @typedef {import("./src/contract.js").StudioWay} StudioWay */
/** @typedef {import("./src/contract.js").WorkerRequest} WorkerRequest */

// A package's bytes against the lock's sha256, which Pyodide passes as the fetch's
// integrity: a wheel changed on the host never installs.
/** @param {Response} response @param {string} integrity "sha256-BASE64" */
async function checked(response, integrity) {
  const bytes = await response.arrayBuffer();
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", bytes));
  const expected = integrity.replace(/^sha256-/, "");
  if (btoa(String.fromCharCode(...digest)) !== expected) {
    throw new Error(`integrity: ${response.url || "a package"} is not the one the lock names`);
  }
  return new Response(bytes, { status: 200, headers: response.headers });
}

/**
 * The studio's packages installed in a started Pyodide; its operations, by name.
 * @param {any} pyodide @param {StudioWay} way
 * @returns {Promise<Record<string, (m: WorkerRequest) => unknown>>}
 */
export async function startStudio(pyodide, way) {
  const fetchOf = self.fetch;
  /** @param {RequestInfo | URL} input @param {RequestInit} [init] */
  self.fetch = (input, init) => (init?.integrity
    ? fetchOf(input).then((response) => checked(response, init.integrity || ""))
    : fetchOf(input, init));
  try {
    await pyodide.loadPackage(way.packages, { messageCallback: () => {} });
  } finally {
    self.fetch = fetchOf;
  }
  /** @type {{check_json(text: string, name: string, policy: string): string}} */
  const studio = pyodide.pyimport("connect_or_not.studio");
  return {
    /** @param {WorkerRequest} m */
    check: (m) => JSON.parse(studio.check_json(String(m.text ?? ""), String(m.name ?? ""),
      String(m.policy ?? ""))),
  };
}
