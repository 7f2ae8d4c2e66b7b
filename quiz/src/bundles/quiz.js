// quiz.js, on every page: the engine. (The build publishes what quiz-class.js and
// quiz-lms.js import of these modules as globalThis.ConnectOrNot.modules, so that
// they use these very classes instead of copies: see quiz/build/bundle.mjs.)
import { boot } from "../main.js";

boot();
