// quiz-lms.js, on the SCORM packages' pages (after quiz.js, before the page is
// wired): reporting to the LMS, when there is one.
import { reportToLMS } from "../lms.js";

// The package's root: this script is its assets/connect-or-not/quiz-lms.js.
const script = /** @type {HTMLScriptElement} */ (document.currentScript);
reportToLMS(window, new URL("../../", script.src));
