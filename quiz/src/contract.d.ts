// Generated from src/connect_or_not/contract.py by `python -m connect_or_not.jstypes`:
// do not edit (tests/test_contract.py fails when this file falls behind).

export type Result = "best" | "partial" | "wrong";

/** A cited rule and where it stands: the answers it argues for (each of them best), the facts left out that it turns on, and whether it is a precondition holding the careful answer until the card says them. */
export interface ReasonRef {
  rule: string;
  supports: string[];
  unknown: string[];
  held: boolean;
}

export interface Reason {
  rule: string;
  supports: string[];
  unknown: string[];
  held: boolean;
  source: string;
  says: string;
  guide: string;
}

export interface Flip {
  fact: string;
  from: unknown;
  to: unknown;
  best: string[];
}

export interface Verdict {
  id: string;
  kind: string;
  policy: string;
  best: string[];
  credit: Record<string, number>;
  reasons: Reason[];
  flips: Flip[];
  split: string[];
  unknown: string[];
}

export interface Grade {
  id: string;
  policy: string;
  choice: string;
  credit: number;
  result: Result;
  best: string[];
  reasons: Reason[];
  split: string[];
  unknown: string[];
}

export interface KeyVerdict {
  best: string[];
  credit: Record<string, number>;
  results: Record<string, Result>;
  reasons: ReasonRef[];
  flips: Flip[];
  split: string[];
  unknown: string[];
}

export interface CardData {
  id: string;
  kind: string;
  facts: Record<string, unknown>;
}

export interface CardPayload {
  card: CardData;
  labels: Record<string, string>;
  key: Record<string, KeyVerdict>;
  debrief: string;
}

export interface RuleText {
  source: string;
  says: string;
  cite: string;
  guide: string;
}

export interface RuntimeWay {
  stdlib: string;
  snapshot?: string;
  bytes: number;
}

/** The card studio's start: the whole standard library and its own lock, whose packages (the whole package, PyYAML, Markdown) Pyodide installs, checking each one's sha256. */
export interface StudioWay {
  stdlib: string;
  lock: string;
  packages: string[];
  files: string[];
  bytes: number;
}

export interface RuntimeInfo {
  url: string;
  compressed: string[];
  lean: RuntimeWay;
  fast: RuntimeWay | null;
  fastFrom: number;
  studio?: StudioWay;
}

export interface FactText {
  label: string;
  values: Record<string, string>;
}

export interface PageConfig {
  policy: string;
  lang: string;
  labels: Record<string, string>;
  policies: Record<string, string>;
  sources: Record<string, string>;
  authors: Record<string, string>;
  facts: Record<string, FactText>;
  rules: Record<string, RuleText>;
  runtime?: RuntimeInfo;
}

export interface SetConfig {
  id: string;
  cards: string[];
  shuffle: boolean;
  seed: number;
  mastery: number;
  code: string;
}

/** The JSON block of the card studio's page. */
export interface StudioConfig {
  templates: Record<string, string>;
  policy: string;
  sanitiser: Sanitiser;
  runtime: RuntimeInfo;
}

export interface Sanitiser {
  tags: string[];
  attributes: Record<string, string[]>;
  schemes: string[];
}

export interface TallyCard {
  id: string;
  title: string;
  choices: string[];
  labels: string[];
  best: string[];
}

export interface TallySet {
  id: string;
  title: string;
  code: string;
  cards: TallyCard[];
  shuffle: boolean;
  seed: number;
}

/** The LRS the tally page may read the room's answers from, as they arrive. */
export interface LiveTally {
  endpoint: string;
  course: string;
  registration: string;
}

/** The presenter's votes from phones: where to read them, and the set's cards. */
export interface PresentLiveConfig {
  live: LiveTally;
  set: TallySet;
}

export interface TallyConfig {
  sets: TallySet[];
  live?: LiveTally;
}

/** The runtime as the worker starts it: its folder as an absolute URL, and the way this browser took before, if any. */
export interface WorkerStart {
  url: string;
  compressed: string[];
  lean: RuntimeWay;
  fast: RuntimeWay | null;
  fastFrom: number;
  studio?: StudioWay;
  prefer?: "lean" | "fast" | "studio";
}

export interface WorkerRequest {
  id: number;
  op: "start" | "grade" | "evaluate" | "check";
  runtime?: WorkerStart;
  card?: CardData;
  choice?: string;
  policy?: string;
  text?: string;
  name?: string;
}

/** The worker's answer to start: how it started, and what it loaded. */
export interface WorkerStarted {
  python: string;
  snapshot: boolean;
  way: "lean" | "fast" | "studio";
  files: string[];
  loadMs: number;
  importMs: number;
}

export interface WorkerResponse {
  id: number;
  ok: boolean;
  result?: unknown;
  error?: string;
}

export interface Answer {
  choice: string;
  credit: number;
  result: Result;
  policy: string;
  at: number;
}

export interface SetProgress {
  index: number;
  results: Record<string, number>;
  choices: Record<string, string>;
  round?: number;
  learner?: string;
}

export interface StoreData {
  version: number;
  answers: Record<string, Answer>;
  sets: Record<string, SetProgress>;
}

export interface ExportData {
  format: "connect-or-not-progress";
  version: number;
  site: string;
  exported: string;
  answers: Record<string, Answer>;
  sets: Record<string, SetProgress>;
}

/** Where learning records go: the banner of quiz-xapi.js, which pages load only when the course has an LRS (``lrs:`` in mkdocs.yml) or is a cmi5 package. */
export interface RecordsConfig {
  endpoint: string;
  auth: string;
  course: string;
  registration: string;
  cmi5: boolean;
}

export declare const ID_PATTERN: "^[a-z0-9]+(?:-[a-z0-9]+)*$";
export declare const STORE_VERSION: 1;
export declare const EXPORT_FORMAT: "connect-or-not-progress";
export declare const RESULT_CODE_ALPHABET: "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
export declare const MAX_CHOICES: 4;
export declare const LEARNER_TAG_LENGTH: 4;
