// quiz-lms.js, on the SCORM packages' pages (after quiz.js, before the page is
// wired): reporting to the LMS, when there is one.
import { reportToLMS } from "../lms.js";

reportToLMS(window);
