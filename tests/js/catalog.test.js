// The message catalog in the browser: placeholders and plural forms by language.
import assert from "node:assert/strict";
import test from "node:test";
import { Messages } from "../../quiz/src/core.js";
import { english } from "./support.js";


test("placeholders are filled from the parameters", () => {
  const messages = new Messages(english, "en");
  assert.equal(messages.t("set.position", { index: 2, count: 5 }), "Card 2 of 5");
});

test("English plural forms: one and other", () => {
  const messages = new Messages(english, "en");
  assert.equal(messages.t("progress.imported", { count: 1 }), "Imported 1 answer.");
  assert.equal(messages.t("progress.imported", { count: 0 }), "Imported 0 answers.");
  assert.equal(messages.t("progress.imported", { count: 2 }), "Imported 2 answers.");
});

test("a language with more plural forms picks them by Intl.PluralRules", () => {
  const polish = { "progress.imported": { one: "{count} odpowiedź", few: "{count} odpowiedzi",
    many: "{count} odpowiedzi!", other: "{count} odp." } };
  const messages = new Messages(polish, "pl");
  assert.equal(messages.t("progress.imported", { count: 1 }), "1 odpowiedź");
  assert.equal(messages.t("progress.imported", { count: 3 }), "3 odpowiedzi");
  assert.equal(messages.t("progress.imported", { count: 5 }), "5 odpowiedzi!");
});

test("a missing form falls back to other, a missing message shows its id", () => {
  const messages = new Messages({ x: { other: "{count} things" } }, "en");
  assert.equal(messages.t("x", { count: 1 }), "1 things");
  assert.equal(messages.t("no.such.message"), "no.such.message");
});

test("labels are quoted and joined in the catalog's words", () => {
  const messages = new Messages(english, "en");
  assert.equal(messages.either(["Accept", "Decline"]), "“Accept” or “Decline”");
});

test("facts are listed with commas and a last 'and', as the Python catalog writes them", () => {
  const messages = new Messages(english, "en");
  assert.equal(messages.every(["A"]), "“A”");
  assert.equal(messages.every(["A", "B"]), "“A” and “B”");
  assert.equal(messages.every(["A", "B", "C"]), "“A”, “B” and “C”");
});
