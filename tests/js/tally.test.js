// Result codes: every learner's code reads back exactly (a property test over sets
// and answers, from a seeded generator), and damage is caught.
import assert from "node:assert/strict";
import test from "node:test";
import { RESULT_CODE_ALPHABET as ALPHABET } from "../../quiz/src/contract.js";
import { CODE_IN_TEXT, decode, encode, learners, maxGroups, normalise, read, readAll }
  from "../../quiz/src/tally.js";
import { LEARNER_TAG, newTag } from "../../quiz/src/store.js";


function random(seed) {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function makeSet(next, id) {
  const size = 1 + Math.floor(next() * 60);
  const code = Array.from({ length: 8 }, () => ALPHABET[Math.floor(next() * 32)]).join("");
  const cards = Array.from({ length: size }, (_, i) => {
    const count = 3 + Math.floor(next() * 2); // three or four choices
    const choices = ["a", "b", "c", "d"].slice(0, count).map((d) => `${d}${i}`);
    return { id: `card-${i}`, title: `Card ${i}`, choices, labels: choices, best: [choices[0]] };
  });
  return { id, title: id, code, cards };
}

test("every code round-trips exactly, over 2000 sets and answers", () => {
  const next = random(42);
  for (let run = 0; run < 2000; run++) {
    const sets = [makeSet(next, "one"), makeSet(next, "two")];
    const set = sets[Math.floor(next() * 2)];
    const places = set.cards.map((card) => Math.floor(next() * (card.choices.length + 1)) - 1);
    const round = next() < 0.5 ? 1 : 2;
    // Tagged (a learner's), or untagged (a code from before tags): both read back.
    const tag = next() < 0.8 ? Array.from({ length: 4 }, () => ALPHABET[Math.floor(next() * 32)])
      .join("") : "";
    const code = encode(set.code, places, round, tag);
    assert.match(code, /^[0-9A-HJKMNP-TV-Z]{1,4}(-[0-9A-HJKMNP-TV-Z]{1,4})*$/);
    const read = decode(code, sets);
    assert.equal(read.set, set);
    assert.deepEqual(read.places, places);
    assert.equal(read.round, round);
    assert.equal(read.tag, tag);
    // Read aloud and typed back: lower case, spaces, O for 0, I for 1.
    const typed = code.toLowerCase().replace(/-/g, " ").replace(/0/g, "o").replace(/1/g, "i");
    assert.deepEqual(decode(typed, sets).places, places);
  }
});

test("a changed or missing character is caught", () => {
  const next = random(7);
  const sets = [makeSet(next, "one")];
  const places = sets[0].cards.map(() => 0);
  const code = normalise(encode(sets[0].code, places));
  let caught = 0;
  for (let i = 2; i < code.length; i++) {
    const swapped = code.slice(0, i) + (code[i] === "A" ? "B" : "A") + code.slice(i + 1);
    if (decode(swapped, sets).problem) caught++;
    assert.ok(decode(code.slice(0, i) + code.slice(i + 1), sets).problem);
  }
  assert.ok(caught >= code.length - 2 - 2, `${caught} of ${code.length - 2}`);
});

test("a code of another course version says so", () => {
  const next = random(9);
  const set = makeSet(next, "one");
  const older = `${set.code.slice(0, 4)}${set.code.slice(4) === "0000" ? "1111" : "0000"}`;
  assert.deepEqual(decode(encode(older, [0]), [set]), { problem: "otherVersion" });
});

test("codes are found in a chat, lines and following words apart", () => {
  const next = random(11);
  const set = makeSet(next, "one");
  const places = set.cards.map(() => 1);
  const code = encode(set.code, places);
  const chat = `Ana: ${code}\n10:02 Ben: ${code.replace(/-/g, " ")} then coffee\nCNXX is not one`;
  const found = [...chat.matchAll(CODE_IN_TEXT)].map(([text]) => text)
    .filter((text) => normalise(text).length >= 12);
  assert.equal(found.length, 2);
  for (const text of found) assert.deepEqual(read(text, [set]).places, places);
});

// -- issue 24, R5 and R6 -----------------------------------------------------------

test("R5: a code pasted again or quoted in a reply is counted once, and said to be", () => {
  const next = random(3);
  const sets = [makeSet(next, "one")];
  const set = sets[0];
  const places = (n) => set.cards.map((card, i) => (i + n) % card.choices.length);
  const [a, b] = [encode(set.code, places(0)), encode(set.code, places(1))];
  const chat = `Ana: ${a}\nBo: ${b}\n${"Ana: ".repeat(1)}${a}\nCy: > Bo wrote: ${b}\n` +
    Array.from({ length: 30 }, () => a).join("\n");
  const reading = readAll(chat, sets);
  assert.equal(reading.codes.length, 2);
  assert.equal(reading.repeats, 32);
  assert.deepEqual(reading.codes.map((c) => c.places), [places(0), places(1)]);
});

test("R6: a long run of code-like text is read in time linear in its length", () => {
  const next = random(5);
  const sets = [makeSet(next, "one")];
  const code = encode(sets[0].code, sets[0].cards.map(() => 0));
  for (const size of [1000, 10000]) {
    const counter = { decoded: 0 };
    const run = `${code} ${Array.from({ length: size }, () => "ABCD").join(" ")}`;
    const reading = readAll(run, sets, counter);
    assert.equal(reading.codes.length, 1);
    // The readings tried are bounded by a code's length, not by the text's.
    assert.ok(counter.decoded <= maxGroups(sets), `${counter.decoded} readings for ${size}`);
  }
});

// -- issue 41: the tally counts learners, not codes --------------------------------

test("learners who answered alike are each counted; a code pasted twice is one repeat", () => {
  const next = random(41);
  const set = makeSet(next, "one");
  // Twelve learners, three ways of answering: many identical answer patterns.
  const ways = [0, 1, 2].map((n) => set.cards.map((card, i) => (i + n) % card.choices.length));
  const codes = Array.from({ length: 12 }, (_, i) => encode(set.code, ways[i % 3], 1, newTag()));
  assert.equal(new Set(codes).size, 12);
  const chat = codes.map((code, i) => `Learner ${i}: ${code}`).join("\n") +
    `\nLearner 3: again ${codes[3]}`;
  const reading = readAll(chat, [set]);
  assert.equal(reading.learners, 12);
  assert.equal(reading.codes.length, 12);
  assert.equal(reading.repeats, 1);
  // Each way's true share: four learners each.
  for (const way of ways) {
    assert.equal(reading.codes.filter((row) => row.places.join() === way.join()).length, 4);
  }
});

test("a learner's later code stands, and two rounds of one learner are one learner", () => {
  const next = random(43);
  const set = makeSet(next, "one");
  const first = set.cards.map(() => 0);
  const later = set.cards.map(() => 1);
  const tag = newTag();
  const chat = [encode(set.code, first, 1, tag), encode(set.code, later, 1, tag),
    encode(set.code, later, 2, tag), encode(set.code, first, 2, newTag())].join("\n");
  const reading = readAll(chat, [set]);
  assert.equal(reading.repeats, 1);
  assert.deepEqual(reading.codes.filter((row) => row.round === 1).map((row) => row.places),
    [later]);
  assert.equal(reading.learners, 2);
  assert.equal(learners(reading.codes), 2);
});

test("a learner's tag is four characters of the code's alphabet, and differs", () => {
  const tags = new Set(Array.from({ length: 200 }, () => newTag()));
  for (const tag of tags) assert.match(tag, LEARNER_TAG);
  assert.ok(tags.size > 190);
  for (const char of "ILOU") assert.ok(![...tags].some((tag) => tag.includes(char)));
});

test("T2: a code typed with look-alike letters (Cyrillic, Greek, fullwidth) is read, not lost", () => {
  const next = random(42);
  const set = makeSet(next, "one");
  const places = set.cards.map(() => 1);
  const code = encode(set.code, places, 1, "CAKE");
  const cyrillic = { A: "А", C: "С", E: "Е", K: "К", M: "М", P: "Р", T: "Т", X: "Х", H: "Н", B: "В" };
  const typed = [...code].map((c) => cyrillic[c] || c).join("");
  assert.notEqual(typed, code);
  const fullwidth = [...code].map((c) => (c === "-" ? c
    : String.fromCharCode(c.charCodeAt(0) + 0xfee0))).join("");
  const greek = code.replace(/A/g, "Α").replace(/K/g, "Κ");
  const reading = readAll(`Ana: ${typed}\nBo: ${fullwidth}\nCy: ${greek}`, [set]);
  assert.equal(reading.damaged, 0);
  assert.equal(reading.codes.length, 1); // one learner's code, three times
  assert.equal(reading.repeats, 2);
  assert.deepEqual(reading.codes[0].places, places);
});
