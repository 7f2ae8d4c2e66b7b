// Loads engine parts into this Node process (they add to globalThis.ConnectOrNot),
// the way quiz.js runs them in a page, and gives the catalog the page would carry.
"use strict";
const path = require("node:path");
const fs = require("node:fs");

const ROOT = path.resolve(__dirname, "..", "..");

function load(...parts) {
  for (const part of ["core", ...parts]) require(path.join(ROOT, "quiz", "parts", `${part}.js`));
  return globalThis.ConnectOrNot;
}

const english = JSON.parse(fs.readFileSync(
  path.join(ROOT, "src", "connect_or_not", "messages", "en.json"), "utf8"));

module.exports = { load, english };
