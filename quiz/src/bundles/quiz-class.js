// quiz-class.js, on the trainer's pages (after quiz.js): the presenter view and the
// class tally, as kinds of page the engine enhances.
import { globals, pages } from "../core.js";
import { Presenter } from "../present.js";
import { PresentLive } from "../present-live.js";
import { Tally } from "../tally-page.js";

pages.push({ selector: ".con-present", create: (node, parts) => new Presenter(node, parts) },
  { selector: ".con-present-live", create: (node, parts) => new PresentLive(node, parts) },
  { selector: ".con-tally", create: (node, parts) => new Tally(node, parts) });
globals().refresh?.(); // this script may arrive after the page was wired
