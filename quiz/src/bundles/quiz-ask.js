// quiz-ask.js, on "Ask about your invitation" only (after quiz.js): the form and
// its advice, as a kind of page the engine enhances.
import { globals, pages } from "../core.js";
import { Ask } from "../ask.js";

pages.push({ selector: ".con-ask", create: (node, parts) => new Ask(node, parts) });
globals().refresh?.(); // this script may arrive after the page was wired
