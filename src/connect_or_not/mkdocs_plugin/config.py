"""The plugin's options, as written under ``plugins:`` in ``mkdocs.yml``."""

from __future__ import annotations

from mkdocs.config import base
from mkdocs.config import config_options as c

from ..vocabulary import DEFAULT_POLICY, KINDS


class QuizSetConfig(base.Config):
    """A sequence of cards for a class: ``{id: week-1, title: ..., tags: [pitch]}``."""

    id = c.Type(str)
    title = c.Type(str)
    kinds = c.ListOfItems(c.Choice(tuple(KINDS)), default=[])
    tags = c.ListOfItems(c.Type(str), default=[])
    cards = c.ListOfItems(c.Type(str), default=[])
    shuffle = c.Type(bool, default=False)
    seed = c.Type(int, default=1)


class ScormConfig(base.Config):
    """``make scorm``: packages for an LMS, one SCO per quiz set."""

    sets = c.ListOfItems(c.Type(str), default=[])
    """The quiz sets to package (default: every set)."""

    mastery_score = c.Type(int, default=80)
    """The percentage of a set's points that passes it (0 to 100)."""

    def validate(self):  # type: ignore[no-untyped-def]
        failed, warnings = super().validate()
        if not 0 <= self.mastery_score <= 100:
            failed.append(("mastery_score", base.ValidationError(
                f"must be a percentage from 0 to 100, not {self.mastery_score}")))
        return failed, warnings


class LrsConfig(base.Config):
    """Learning records (xAPI) to an LRS: ``lrs: {endpoint: https://lrs.example.org/xAPI/,
    key: ..., secret: ...}``. Without an endpoint, no page sends or loads anything of it."""

    endpoint = c.Type(str, default="")
    """The LRS's xAPI address (https://, or http:// on 127.0.0.1)."""

    key = c.Type(str, default="")
    """The key (user name) the learners' pages send with, and its secret: both are
    readable by anyone who opens the site, so give one that may only write statements."""

    secret = c.Type(str, default="")

    registration = c.Type(str, default="")
    """The class's registration (a UUID): every statement carries it, and the live tally
    reads the class's answers by it."""

    activity = c.Type(str, default="")
    """The course's activity IRI (default: site_url, else one made from site_name)."""


class ConnectOrNotConfig(base.Config):
    enabled = c.Type(bool, default=True)
    """Turn the plugin off (``enabled: false``) to build the guide without cards."""

    scenarios_dir = c.Type(str, default="scenarios")
    """Folder of card files, relative to ``mkdocs.yml``: ``scenarios_dir: scenarios``."""

    engine_dir = c.Type(str, default="quiz")
    """Folder of the quiz engine's scripts and styles, relative to ``mkdocs.yml``."""

    runtime_dir = c.Type(str, default="node_modules/pyodide")
    """The installed `pyodide` npm package whose runtime files the site vendors."""

    precompile = c.Type(bool, default=True)
    """Ship the standard library and the package as bytecode compiled by the vendored
    Pyodide (needs Node at build time; cached): ``precompile: false`` ships sources."""

    snapshot = c.Type(bool, default=True)
    """Ship a snapshot of the started grader (about 4.5 MB more on a card page's first
    visit; needs Node at build time; cached) so that it starts in a fraction of the
    time: ``snapshot: false`` starts Python in the browser instead."""

    minify = c.Type(bool, default=True)
    """Minify the quiz engine's scripts (terser, after esbuild bundles them: needs Node
    at build time; cached): ``minify: false`` ships them readable, without comments."""

    cache_dir = c.Type(str, default="")
    """Where the build keeps what its slow steps made (compressed runtime, bytecode,
    snapshot, bundles), by their inputs. Empty: ``$CONNECT_OR_NOT_CACHE`` when set
    (``make`` sets the repository's ``build/cache``), else ``build/cache`` beside
    ``mkdocs.yml``. ``make clean`` empties it."""

    lock_python = c.Type(str, default="")
    """A Python 3.12+ with ``pyodide-lock[wheel]`` that writes the runtime's lock file
    (``make`` sets one through ``CONNECT_OR_NOT_LOCK_PYTHON``). Empty and unset: the
    package's own writer, which makes the same file."""

    csp = c.Type(bool, default=True)
    """Add a strict Content-Security-Policy ``<meta>`` tag to every page and write a
    ``_headers`` file with its header form (not under ``mkdocs serve``)."""

    offline = c.Type(bool, default=True)
    """Write a service worker (``sw.js``) so the course works offline after a visit."""

    offline_limit = c.Type((int, float), default=10)
    """How much of the site (in MB, the runtime aside) a learner's browser keeps for
    offline use: the assets, the page the learner is on and the pages it links to come
    first, then the rest while it fits. Every learner on one access point downloads it."""

    messages = c.Type(str, default="")
    """A JSON file of your own words for any of the course's messages, by message id
    (relative to ``mkdocs.yml``): ``messages: words/fr.json``. The shipped English is
    in the package's ``messages/en.json``; the page language is ``theme.language``."""

    # The policy and the sets are checked by the package's own reader of mkdocs.yml
    # (settings.py), which tells a mistake at its line, as `connect-or-not validate`
    # does; MkDocs only checks their shape.
    policy = c.Type(str, default=DEFAULT_POLICY)
    """The class's policy, which grades the cards: ``policy: selective``."""

    sets = c.Type(list, default=[])
    """Quiz sets, each a page at ``quiz/sets/<id>/`` running its cards in sequence:
    ``{id: week-1, title: ..., kinds: [...], tags: [...], cards: [...]}``."""

    lrs = c.SubConfig(LrsConfig)
    """Learning records to an LRS (see LrsConfig)."""

    scorm = c.SubConfig(ScormConfig)
    """SCORM packages (``make scorm``): ``scorm: {sets: [first-steps], mastery_score: 75}``."""
