// The card studio's checker (issue 42, S1): a check that runs past its limit names the
// line most likely at fault, keeps the trainer's text, clears the stale preview, and
// the next check goes to a new worker.
import assert from "node:assert/strict";
import test from "node:test";
import { Studio } from "../../quiz/src/studio.js";
import { page, pageConfig, parts } from "./support.js";

const STUDIO = `<section class="con-studio">
  <select class="con-studio-kind"><option value="incoming">In</option></select>
  <button class="con-studio-new"></button><input class="con-studio-name" value="my-card.yaml">
  <button class="con-studio-download"></button><button class="con-studio-copy"></button>
  <pre class="con-studio-lines"></pre><textarea class="con-studio-text"></textarea>
  <p class="con-studio-status"></p><div class="con-studio-said"></div>
  <div class="con-studio-preview"><h2>As learners will see it</h2><article class="con-studio-card"></article></div>
  <div class="con-studio-set"></div>
  <script type="application/json" class="con-studio-data">${JSON.stringify({
    templates: { incoming: "title: T\n" }, policy: "balanced", sanitiser: { tags: [], attributes: {},
      schemes: [] }, runtime: pageConfig().runtime })}</script></section>`;

test("S1: a check past its limit names the longest line, keeps the text and clears the preview", async () => {
  page(STUDIO, "https://course.test/site/quiz/studio/");
  const studio = new Studio(document.querySelector(".con-studio"), parts(), new URL("https://x/"));
  const sent = [];
  // A grader that is ready, and never answers: its send gives up as engine.js's does.
  studio.engine = { state: "ready", ready: async () => true,
    send: async (op, payload) => {
      sent.push(op);
      throw new Error(`no answer to ${op} in 10000 ms`);
    } };
  const pasted = `title: T\nkind: incoming\nstory: |\n  ${"[a".repeat(1500)}\n`;
  studio.text.value = pasted;
  await studio.check();
  assert.deepEqual(sent, ["check"]);
  const said = [...document.querySelectorAll(".con-studio-lines-said li")].map((li) => li.textContent);
  assert.match(said[0], /^my-card\.yaml:4:1: the checks could not read this card in time; this line, 3002 characters long/);
  assert.match(said[1], /start again by themselves: your text is kept/);
  assert.equal(document.querySelector(".con-studio-preview").children.length, 0);
  assert.equal(studio.text.value, pasted);
  assert.equal(studio.root.dataset.ok, "false");
  // The line is a button that takes the caret there.
  document.querySelector(".con-studio-goto").click();
  assert.equal(studio.text.selectionStart, pasted.indexOf("  [a"));
});
