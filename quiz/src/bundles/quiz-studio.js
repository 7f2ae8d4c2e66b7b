// quiz-studio.js, on the card studio only (after quiz.js): the editor, its checks
// and its preview, as a kind of page the engine enhances, with a grader of its own
// (worker.js, beside this script, of this script's version). DOMPurify comes with it;
// its cleaner is published for scripts of the page (and the tests) to check.
import { globals, pages } from "../core.js";
import { Studio, cleaned } from "../studio.js";

const script = /** @type {HTMLScriptElement} */ (document.currentScript);
const worker = new URL(`worker.js${new URL(script.src).search}`, script.src);
pages.push({ selector: ".con-studio", create: (node, parts) => new Studio(node, parts, worker) });
globals().studio = { cleaned };
globals().refresh?.(); // this script may arrive after the page was wired
