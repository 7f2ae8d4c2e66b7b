// "Ask about your invitation" (ask.js) and the card studio's cleaner (studio.js), in
// jsdom, against a grader that stands for Python: what reaches the grader from the
// form and from a hostile link, what the page says, and what the cleaner keeps.
import assert from "node:assert/strict";
import test from "node:test";
import { Ask } from "../../quiz/src/ask.js";
import { Engine } from "../../quiz/src/engine.js";
import { english, page, pageConfig, parts, settle } from "./support.js";

const select = (name, values) => `<div class="con-whatif-row con-ask-fact">` +
  `<label for="f-${name}">${name}</label><select id="f-${name}" name="${name}">` +
  values.map((v) => `<option value="${v}">${v || "As usual"}</option>`).join("") +
  `</select></div>`;

// ask.html, as the build writes it (two kinds, a few facts).
const ASK = `<section class="con-ask" data-policies="balanced selective open">` +
  `<form class="con-ask-form" action="#" method="get">` +
  `<fieldset class="con-ask-kinds"><legend>What is it about?</legend>` +
  `<input type="radio" name="kind" id="k-in" value="incoming" checked><label for="k-in">In</label>` +
  `<input type="radio" name="kind" id="k-out" value="outgoing"><label for="k-out">Out</label>` +
  `</fieldset>` +
  `<fieldset class="con-ask-facts" data-kind="incoming">` +
  select("note", ["", "none", "personal", "unknown"]) +
  select("photo", ["", "true", "false", "unknown"]) +
  `<input type="number" id="f-mutual" name="mutual_connections" min="0"></fieldset>` +
  `<fieldset class="con-ask-facts" data-kind="outgoing">` + select("selling", ["", "true", "false"]) +
  `</fieldset><button type="submit">Get the advice</button></form>` +
  `<p class="con-ask-status" role="status"></p><div class="con-ask-results"></div></section>`;

// A grader that answers every policy alike, and notes what it was asked.
class FakeGrader extends Engine {
  constructor() {
    super();
    this.asked = [];
    this.setState("ready");
  }

  async send(op, payload) {
    this.asked.push({ op, ...payload });
    return { id: "ask", kind: payload.card.kind, policy: payload.policy, best: ["decline"],
      credit: {}, split: [], unknown: [], flips: [{ fact: "photo", from: null, to: true,
        best: ["accept"] }],
      reasons: [{ rule: "no_note_flag", source: "cathy", says: "x", guide: "", supports: ["decline"],
        unknown: [], held: false }] };
  }
}

function ask(hash = "") {
  page(ASK, `https://course.test/site/quiz/ask/${hash}`);
  const engine = new FakeGrader();
  const part = new Ask(document.querySelector(".con-ask"), parts({ config: pageConfig(), engine }));
  part.enhance();
  return { part, engine };
}

test("the form's facts reach the grader, usual ones left out, under each policy", async () => {
  const { part, engine } = ask();
  document.querySelector("#f-note").value = "none";
  document.querySelector("#f-photo").value = "false";
  document.querySelector("#f-mutual").value = "12";
  await part.ask();
  assert.deepEqual(engine.asked.map((a) => a.policy), ["balanced", "selective", "open"]);
  assert.deepEqual(engine.asked[0].card, { id: "ask", kind: "incoming",
    facts: { note: "none", photo: false, mutual_connections: 12 } });
  assert.equal(location.hash, "#kind=incoming&note=none&photo=false&mutual_connections=12");
  const sections = document.querySelectorAll(".con-ask-policy");
  assert.equal(sections.length, 3);
  assert.equal(sections[0].querySelector("h3").textContent, "Balanced policy (this course's)");
  // The advice first, then what would change it, then why: a person's words.
  const first = sections[0];
  assert.equal(first.querySelector(".con-ask-best").textContent, "Our advice: “Decline”.");
  assert.equal(first.querySelector(".con-ask-best").nextElementSibling.textContent,
    english["ask.wouldChange"]);
  assert.equal(first.querySelector(".con-ask-flips li").textContent,
    "If Profile photo: Yes, then “Accept”");
  assert.ok(first.querySelector(".con-ask-flips").compareDocumentPosition(
    first.querySelector(".con-reasons")) & window.Node.DOCUMENT_POSITION_FOLLOWING);
  assert.doesNotMatch(document.querySelector(".con-ask-results").textContent,
    /\b(card|credit|marks|points|best answer)\b/i);
  assert.equal(document.querySelector(".con-ask-status").textContent, english["ask.ready"]);
});

test("I don't know is sent as unknown, apart from leaving a fact as usual", async () => {
  const { part, engine } = ask();
  document.querySelector("#f-note").value = "unknown";
  await part.ask();
  assert.deepEqual(engine.asked[0].card.facts, { note: "unknown" });
  assert.equal(location.hash, "#kind=incoming&note=unknown");
});

test("asking moves the reader to the advice", async () => {
  const { part } = ask();
  let scrolled = null;
  window.HTMLElement.prototype.scrollIntoView = function scroll() { scrolled = this; };
  await part.ask(false, true);
  assert.equal(scrolled, document.activeElement);
  assert.equal(scrolled.textContent, english["ask.heading"]);
});

test("only the chosen kind's facts are shown and sent", async () => {
  const { part, engine } = ask();
  document.querySelector("#k-out").checked = true;
  document.querySelector("#k-out").dispatchEvent(new window.Event("change"));
  const [incoming, outgoing] = document.querySelectorAll(".con-ask-facts");
  assert.equal(incoming.hidden && incoming.disabled, true);
  assert.equal(outgoing.hidden, false);
  document.querySelector("#f-note").value = "none"; // of the other kind: never sent
  document.querySelector("#f-selling").value = "true";
  await part.ask();
  assert.deepEqual(engine.asked[0].card.facts, { selling: true });
});

test("a hostile link is read for what the form offers, and the rest said", async () => {
  const hostile = "#kind=incoming&note=%3Cimg%20src%3Dx%3E&photo=true&mutual_connections=1e9" +
    "&constructor=1&__proto__=x";
  const { engine } = ask(hostile);
  await settle();
  await settle();
  assert.deepEqual(engine.asked[0].card.facts, { photo: true });
  assert.equal(document.querySelector(".con-ask-status").textContent,
    english["ask.readWithGaps"]);
  assert.equal(document.querySelector(".con-ask img"), null);
  // An unknown kind asks nothing.
  const again = ask("#kind=%3Cb%3E");
  await settle();
  assert.deepEqual(again.engine.asked, []);
});

test("the studio's cleaner keeps what the build's allowlist keeps, and nothing else", async () => {
  page("");
  const { cleaned } = await import("../../quiz/src/studio.js");
  const rules = { tags: ["a", "abbr", "em", "p"], attributes: { a: ["href", "title"],
    abbr: ["title"] }, schemes: ["http", "https", "mailto"] }; // contract.SANITISER's shape
  const box = document.createElement("div");
  box.append(cleaned('<p onclick="x()">a <a href="javascript:x()">j</a> <a href="/ok" ' +
    'title="t" style="s">r</a> <abbr title="LION">L</abbr> <img src="x"><svg></svg>' +
    '<script>x()</script><em class="c">e</em></p><h1>big</h1>', rules));
  assert.equal(box.innerHTML, '<p>a <a rel="noopener noreferrer">j</a> <a href="/ok" ' +
    'title="t" rel="noopener noreferrer">r</a> <abbr title="LION">L</abbr> <em>e</em></p>big');
});

test("what would change the advice: facts the reader did not settle first, two at most", async () => {
  const { part, engine } = ask();
  const send = engine.send.bind(engine);
  engine.send = async (op, payload) => ({ ...(await send(op, payload)), flips: [
    { fact: "note", from: "none", to: "personal", best: ["accept"] },
    { fact: "photo", from: null, to: true, best: ["accept"] },
    { fact: "photo", from: null, to: false, best: ["decline", "accept"] },
    { fact: "mutual_connections", from: null, to: 6, best: ["accept"] }] });
  await part.ask();
  const section = document.querySelector(".con-ask-policy");
  const [leading, more] = section.querySelectorAll(".con-ask-flips");
  assert.deepEqual([...leading.querySelectorAll("li")].map((li) => li.dataset.fact),
    ["photo", "mutual_connections"]);
  assert.equal(more.closest("details").querySelector("summary").textContent, english["ask.more"]);
  assert.deepEqual([...more.querySelectorAll("li")].map((li) => li.dataset.fact), ["photo", "note"]);
});
