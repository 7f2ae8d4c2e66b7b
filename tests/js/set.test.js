// The order of a quiz set: the trainer's order, or a seeded shuffle a class shares.
"use strict";
const test = require("node:test");
const assert = require("node:assert/strict");
const { load } = require("./load.js");

const CON = load("store", "engine", "card", "set");
const IDS = ["a", "b", "c", "d", "e", "f", "g", "h"];

test("without shuffle the trainer's order stands", () => {
  assert.deepEqual(CON.setOrder({ id: "s", cards: IDS, shuffle: false, seed: 7 }), IDS);
});

test("a seed gives every learner the same order, a permutation of the cards", () => {
  const first = CON.setOrder({ id: "s", cards: IDS, shuffle: true, seed: 7 });
  const again = CON.setOrder({ id: "s", cards: IDS, shuffle: true, seed: 7 });
  assert.deepEqual(first, again);
  assert.deepEqual([...first].sort(), IDS);
  assert.notDeepEqual(first, IDS);
});

test("another seed gives another order", () => {
  const seven = CON.seededOrder(IDS, 7);
  const three = CON.seededOrder(IDS, 3);
  assert.notDeepEqual(seven, three);
});

test("shuffling leaves the configured list alone", () => {
  const cards = [...IDS];
  CON.seededOrder(cards, 7);
  assert.deepEqual(cards, IDS);
});
