"""Every JSON shape that crosses from Python to the browser, defined once, and the
few facts both sides must agree on (``BROWSER_CONSTANTS``).

The browser engine does not restate them: ``python -m connect_or_not.jstypes``
writes them into ``quiz/src/contract.d.ts`` (TypeScript types, literals included)
and ``quiz/src/contract.js`` (the constants), which the engine's modules import and
``tsc`` checks; ``tests/test_contract.py`` fails when the files fall behind.

Where they travel:

- ``Verdict``, ``Grade``: the model's answers (the CLI's ``--json``, the worker).
- ``KeyVerdict``: a verdict as the build-time answer key carries it, with each
  choice's result so that the browser never classifies credit itself.
- ``CardPayload``: the JSON block of one card on a page.
- ``PageConfig``: one JSON block per page that shows cards: the policy, the
  language, the vocabulary's labels (``FactText``: a fact in the learner's words)
  and the rules' sentences. (The message catalog
  travels in the built quiz.js, which browsers cache across pages.)
- ``SetConfig``: the JSON block of a quiz set.
- ``TallyConfig``: the JSON block of the trainer's tally page: every set's cards,
  to read learners' result codes with; ``PresentLiveConfig``, the presenter's votes
  from phones (with an LRS).
- ``WorkerStart``, ``WorkerRequest``, ``WorkerStarted``, ``WorkerResponse``: the messages
  between page and worker.
- ``StoreData``, ``Answer``, ``SetProgress``, ``ExportData``: the learner's saved
  progress and its export file.
- ``RecordsConfig``: where learning records (xAPI statements) go, in the banner of
  quiz-xapi.js; ``XAPI`` names the verbs and extensions they use (generated into
  contract-records.js, which only the bundles that need it carry).
"""


from typing import Any, Final, Literal, NotRequired, TypedDict

from .vocabulary import KINDS, decisions_for

Result = Literal["best", "partial", "wrong"]

# Card and set ids: lowercase words joined by dashes (the loader's rule; the browser
# drops any other key it finds in saved or imported progress).
ID_PATTERN: Final = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
# The learner's saved progress (StoreData.version) and its export file.
STORE_VERSION: Final = 1
EXPORT_FORMAT: Final = "connect-or-not-progress"
# Result codes: Crockford's base 32 (no I, L, O or U, so a code can be read aloud),
# two cards a character, each its choice's place or "none": so a card shows at most
# MAX_CHOICES choices, and every kind has no more decisions than that.
RESULT_CODE_ALPHABET: Final = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
MAX_CHOICES: Final = max(len(decisions_for(kind)) for kind in KINDS)
if len(RESULT_CODE_ALPHABET) < (MAX_CHOICES + 1) ** 2:  # pragma: no cover - a new decision
    raise ImportError(f"a result code character holds two cards of at most 4 choices, "
                      f"and a kind now has {MAX_CHOICES}")
# A result code ends with the learner's tag: this many random characters of the
# alphabet, kept with the learner's attempts at a set, so that the tally counts
# learners, not codes (32^4 tags: two in a class of 100 share one about once in 200).
LEARNER_TAG_LENGTH: Final = 4

# What card Markdown may show on a page: these elements, these attributes of them, and
# links to these schemes (or relative ones). The build cleans with nh3 to it
# (sanitise.py); the card studio's preview, with DOMPurify to the very same (its page
# carries it, in StudioConfig).
class Sanitiser(TypedDict):
    tags: list[str]
    attributes: dict[str, list[str]]
    schemes: list[str]


SANITISER: Final[Sanitiser] = {
    "tags": ["a", "abbr", "blockquote", "br", "code", "del", "em", "h3", "h4", "hr", "li",
             "ol", "p", "pre", "strong", "sub", "sup", "ul"],
    "attributes": {"a": ["href", "title"], "abbr": ["title"]},
    "schemes": ["http", "https", "mailto"],
}

# Learning records: the xAPI verbs (ADL's, as cmi5 names them), the cmi5 context
# categories and extensions, and where a statement carries the class policy (an
# extension under the course's own activity IRI: the course is its owner).
XAPI: Final = {
    "version": "1.0.3",
    "answered": "http://adlnet.gov/expapi/verbs/answered",
    "completed": "http://adlnet.gov/expapi/verbs/completed",
    "passed": "http://adlnet.gov/expapi/verbs/passed",
    "failed": "http://adlnet.gov/expapi/verbs/failed",
    "initialized": "http://adlnet.gov/expapi/verbs/initialized",
    "terminated": "http://adlnet.gov/expapi/verbs/terminated",
    "launched": "http://adlnet.gov/expapi/verbs/launched",
    "interaction": "http://adlnet.gov/expapi/activities/cmi.interaction",
    "cmi5": "https://w3id.org/xapi/cmi5/context/categories/cmi5",
    "moveOn": "https://w3id.org/xapi/cmi5/context/categories/moveon",
    "sessionId": "https://w3id.org/xapi/cmi5/context/extensions/sessionid",
    "masteryScore": "https://w3id.org/xapi/cmi5/context/extensions/masteryscore",
    "policy": "xapi/policy",  # relative to RecordsConfig.course
    # The class's vote an answer belongs to (1, or 2 after talking it over), on the
    # answers given in a quiz set; relative to RecordsConfig.course.
    "round": "xapi/round",
}

BROWSER_CONSTANTS: Final = {
    "ID_PATTERN": ID_PATTERN, "STORE_VERSION": STORE_VERSION, "EXPORT_FORMAT": EXPORT_FORMAT,
    "RESULT_CODE_ALPHABET": RESULT_CODE_ALPHABET, "MAX_CHOICES": MAX_CHOICES,
    "LEARNER_TAG_LENGTH": LEARNER_TAG_LENGTH,
}
# In contract-records.js: only quiz-xapi.js and the tally carry them, not every page.
RECORDS_CONSTANTS: Final = {"XAPI": XAPI}


class ReasonRef(TypedDict):
    """A cited rule and where it stands: the answers it argues for (each of them best),
    the facts left out that it turns on, and whether it is a precondition holding the
    careful answer until the card says them."""

    rule: str
    supports: list[str]
    unknown: list[str]
    held: bool


class Reason(ReasonRef):
    source: str
    says: str
    guide: str


# "from" is a Python keyword, hence the functional form.
Flip = TypedDict("Flip", {"fact": str, "from": Any, "to": Any, "best": list[str]})


class Verdict(TypedDict):
    id: str
    kind: str
    policy: str
    best: list[str]
    credit: dict[str, float]
    reasons: list[Reason]
    flips: list[Flip]
    split: list[str]  # the posts whose own steps disagree here (each side's answer is best)
    unknown: list[str]  # facts left open (unknown) on which the best answer turns


class Grade(TypedDict):
    id: str
    policy: str
    choice: str
    credit: float
    result: Result
    best: list[str]
    reasons: list[Reason]
    split: list[str]  # see Verdict
    unknown: list[str]


class KeyVerdict(TypedDict):
    best: list[str]
    credit: dict[str, float]
    results: dict[str, Result]
    reasons: list[ReasonRef]  # PageConfig.rules says what each rule says
    flips: list[Flip]
    split: list[str]  # see Verdict
    unknown: list[str]


class CardData(TypedDict):
    id: str
    kind: str
    facts: dict[str, Any]


class CardPayload(TypedDict):
    card: CardData
    labels: dict[str, str]  # decision id -> the label as this card words it
    key: dict[str, KeyVerdict]  # by policy
    debrief: str  # sanitised HTML


class RuleText(TypedDict):
    source: str
    says: str
    cite: str  # the post, or a reader's comment on it, as the reason cites it
    guide: str  # a URL relative to the page


class RuntimeWay(TypedDict):
    stdlib: str
    snapshot: NotRequired[str]
    bytes: int  # what this way downloads in all, for the progress bar


class StudioWay(TypedDict):
    """The card studio's start: the whole standard library and its own lock, whose
    packages (the whole package, PyYAML, Markdown) Pyodide installs, checking each
    one's sha256."""

    stdlib: str
    lock: str
    packages: list[str]  # by their lock names
    files: list[str]  # the packages' wheels, for the offline cache
    bytes: int


class RuntimeInfo(TypedDict):
    url: str  # the runtime folder, relative to the page
    compressed: list[str]  # shipped as NAME.gz
    lean: RuntimeWay
    fast: RuntimeWay | None  # None: built with snapshot: false
    fastFrom: float  # Mbit/s from which the fast way pays for its bytes
    studio: NotRequired[StudioWay]  # on the card studio's page only


class FactText(TypedDict):
    label: str  # the learner's words for the fact
    values: dict[str, str]  # a value as JSON -> the learner's words ("null": not said)


class PageConfig(TypedDict):
    policy: str
    lang: str
    labels: dict[str, str]  # decision id -> label
    policies: dict[str, str]  # policy id -> name
    sources: dict[str, str]  # source id -> citation
    authors: dict[str, str]  # source id -> author, as a split names them
    facts: dict[str, FactText]  # by fact name
    rules: dict[str, RuleText]
    runtime: NotRequired[RuntimeInfo]  # on pages that show a card


class SetConfig(TypedDict):
    id: str
    cards: list[str]
    shuffle: bool
    seed: int
    mastery: float  # the share of the points that passes the set in an LMS (0 to 1)
    code: str  # the set's and the course version's code, which starts a result code


class StudioConfig(TypedDict):
    """The JSON block of the card studio's page."""

    templates: dict[str, str]  # by kind: the CLI's template (`connect-or-not new`)
    policy: str  # the class policy, which `validate` checks expect against
    sanitiser: Sanitiser  # SANITISER
    runtime: RuntimeInfo  # with its studio way, which the studio's own grader starts


class TallyCard(TypedDict):
    id: str
    title: str
    choices: list[str]  # decision ids, in the card's order (a result code's digits)
    labels: list[str]
    best: list[str]


class TallySet(TypedDict):
    id: str
    title: str
    code: str
    cards: list[TallyCard]  # in the set's own order (before any shuffle)
    shuffle: bool  # with seed, the order the room saw (set.js setOrder)
    seed: int


class LiveTally(TypedDict):
    """The LRS the tally page may read the room's answers from, as they arrive."""

    endpoint: str  # RecordsConfig.endpoint
    course: str  # RecordsConfig.course: the cards' and sets' activity ids start with it
    registration: str  # the class's, or ""


class PresentLiveConfig(TypedDict):
    """The presenter's votes from phones: where to read them, and the set's cards."""

    live: LiveTally
    set: TallySet


class TallyConfig(TypedDict):
    sets: list[TallySet]
    live: NotRequired[LiveTally]  # when the course has an LRS


class WorkerStart(RuntimeInfo):
    """The runtime as the worker starts it: its folder as an absolute URL, and the way
    this browser took before, if any."""

    prefer: NotRequired[Literal["lean", "fast", "studio"]]


class WorkerRequest(TypedDict):
    id: int
    op: Literal["start", "grade", "evaluate", "check"]
    runtime: NotRequired[WorkerStart]  # start
    card: NotRequired[CardData]  # grade, evaluate
    choice: NotRequired[str]  # grade
    policy: NotRequired[str]  # grade, evaluate, check
    text: NotRequired[str]  # check: a card's YAML, as the studio's trainer wrote it
    name: NotRequired[str]  # check: its file name


class WorkerStarted(TypedDict):
    """The worker's answer to start: how it started, and what it loaded."""

    python: str
    snapshot: bool
    way: Literal["lean", "fast", "studio"]
    files: list[str]  # as the site names them, for the offline cache
    loadMs: float
    importMs: float


class WorkerResponse(TypedDict):
    id: int
    ok: bool
    result: NotRequired[Any]
    error: NotRequired[str]


class Answer(TypedDict):
    choice: str
    credit: float
    result: Result
    policy: str
    at: int  # milliseconds since the epoch


class SetProgress(TypedDict):
    index: int  # the card shown, in the set's order; the number of cards when finished
    results: dict[str, float]  # card id -> credit, in this attempt
    choices: dict[str, str]  # card id -> decision, in this attempt
    round: NotRequired[int]  # 2: a class's second vote (peer instruction); absent: the first
    learner: NotRequired[str]  # the learner's tag in result codes, kept over retries


class StoreData(TypedDict):
    version: int
    answers: dict[str, Answer]
    sets: dict[str, SetProgress]


class ExportData(TypedDict):
    format: Literal["connect-or-not-progress"]
    version: int
    site: str
    exported: str
    answers: dict[str, Answer]
    sets: dict[str, SetProgress]


class RecordsConfig(TypedDict):
    """Where learning records go: the banner of quiz-xapi.js, which pages load only when
    the course has an LRS (``lrs:`` in mkdocs.yml) or is a cmi5 package."""

    endpoint: str  # the LRS's xAPI base URL, ending in "/"; "" in a cmi5 package (its launch says)
    auth: str  # the Authorization header of the learners' statements, or "" for none
    course: str  # the course's activity IRI, ending in "/": cards are {course}quiz/{id}/,
    # sets {course}quiz/sets/{id}/
    registration: str  # the class's registration (a UUID), or ""
    cmi5: bool  # the pages are a cmi5 package's assignable units: the launch gives the rest


SHAPES: tuple[type, ...] = (
    ReasonRef, Reason, Flip, Verdict, Grade, KeyVerdict, CardData, CardPayload, RuleText,
    RuntimeWay, StudioWay, RuntimeInfo, FactText, PageConfig, SetConfig, StudioConfig,
    Sanitiser, TallyCard, TallySet, LiveTally, PresentLiveConfig, TallyConfig,
    WorkerStart, WorkerRequest, WorkerStarted, WorkerResponse, Answer, SetProgress, StoreData,
    ExportData, RecordsConfig,
)
