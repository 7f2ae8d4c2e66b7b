// quiz-xapi.js, on every page of a course with an LRS (lrs: in mkdocs.yml) and of a
// cmi5 package (after quiz.js, before the page is wired): the learning records. The
// build puts the RecordsConfig in front of it (globalThis.ConnectOrNot.records).
import { reportToLRS } from "../xapi.js";

reportToLRS(window);
