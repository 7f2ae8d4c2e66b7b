// How many learners the tally counts (issue 41): 200 simulated classes of 20 learners
// answering a set of three cards (four choices each), most of them the best answer,
// pasted as codes without the learner's tag (as before) and with it.
//
//   node bench/tally_learners.mjs
import { readAll, encode } from "../quiz/src/tally.js";
import { newTag } from "../quiz/src/store.js";

let seed = 41;
const random = () => {
  seed = (seed * 1103515245 + 12345) % 2147483648;
  return seed / 2147483648;
};
const set = { id: "s", title: "S", code: "ABCD0123", shuffle: false, seed: 1,
  cards: [0, 1, 2].map((i) => ({ id: `c${i}`, title: `C${i}`, choices: ["a", "b", "c", "d"],
    labels: ["A", "B", "C", "D"], best: ["a"] })) };
const counted = { untagged: [], tagged: [] };
for (let run = 0; run < 200; run++) {
  // Two in three choose the best answer; the others spread over the rest.
  const answers = Array.from({ length: 20 }, () => set.cards.map(() =>
    (random() < 2 / 3 ? 0 : 1 + Math.floor(random() * 3))));
  const chat = (tagged) => answers.map((places) =>
    encode(set.code, places, 1, tagged ? newTag() : "")).join("\n");
  counted.untagged.push(readAll(chat(false), [set]).learners);
  counted.tagged.push(readAll(chat(true), [set]).learners);
}
const mean = (values) => values.reduce((a, b) => a + b, 0) / values.length;
console.log(`learners counted, of 20, mean over 200 classes: untagged codes ${
  mean(counted.untagged).toFixed(1)}, tagged codes ${mean(counted.tagged).toFixed(2)}`);
console.log(`classes counted whole: untagged ${counted.untagged.filter((n) => n === 20).length}` +
  `, tagged ${counted.tagged.filter((n) => n === 20).length}`);
