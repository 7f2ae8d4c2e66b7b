"""Learning records: where a course's xAPI statements go (``lrs:`` in mkdocs.yml) and
the identifiers they use, checked so that a trainer's slip is told at its line.

The browser sends the statements (quiz/src/xapi.js); this module only says whether
the trainer's settings can work: an LRS address a browser may send credentials to,
a registration that is a UUID, a course identifier that is an absolute IRI.
"""

from __future__ import annotations

import base64
import re
import uuid
from dataclasses import dataclass
from urllib.parse import urlsplit

# Plain http only where nothing crosses a network: the trainer's own machine.
LOOPBACK = ("127.0.0.1", "localhost", "::1")
LRS_OPTIONS = ("endpoint", "key", "secret", "registration", "activity")


def endpoint_problem(value: str, what: str = "endpoint") -> str | None:
    """Why ``value`` cannot be an LRS's xAPI address, or None."""
    parts = urlsplit(value)
    if parts.scheme not in ("https", "http") or not parts.hostname:
        return (f"{what} must be the LRS's address, starting https:// (as "
                f"https://lrs.example.org/xAPI/), not {value!r}")
    if parts.scheme == "http" and parts.hostname not in LOOPBACK:
        return (f"{what} must start https://: over http:// the learners' records and the "
                f"LRS key would cross the network readable (http:// is for 127.0.0.1 only)")
    if parts.username or parts.password:
        return f"{what} must not hold a user name or password; write them as key: and secret:"
    if parts.query or parts.fragment:
        return f"{what} must be the LRS's xAPI address, without ? or #"
    return None


def iri_problem(value: str, what: str) -> str | None:
    parts = urlsplit(value)
    if parts.scheme not in ("https", "http") or not parts.hostname or parts.query \
            or parts.fragment or re.search(r"\s", value):
        return f"{what} must be an absolute address such as https://learning.example.org/course/"
    return None


def registration_problem(value: str) -> str | None:
    try:
        uuid.UUID(value)
    except ValueError:
        return (f"registration must be a UUID (as 2f1c5d0e-8a7b-4c3d-9e2f-1a2b3c4d5e6f; "
                f"python3 -c 'import uuid; print(uuid.uuid4())' makes one), not {value!r}")
    return None


def with_slash(address: str) -> str:
    return address if address.endswith("/") else address + "/"


def origin(address: str) -> str:
    """The origin a Content-Security-Policy names for ``address``."""
    parts = urlsplit(address)
    return f"{parts.scheme}://{parts.netloc}"


@dataclass(frozen=True)
class LRS:
    """The course's LRS, as the pages send to it."""

    endpoint: str  # ends in "/"
    key: str = ""
    secret: str = ""
    registration: str = ""

    def authorization(self) -> str:
        """The Authorization header of the learners' statements (HTTP Basic, as xAPI
        LRSs take a key and secret), or "" without a key."""
        if not self.key:
            return ""
        token = base64.b64encode(f"{self.key}:{self.secret}".encode()).decode()
        return f"Basic {token}"


def course_iri(activity: str, site_url: str | None, site_name: str) -> str:
    """The course's activity IRI: the trainer's ``activity``, else the site's address,
    else one made from its name (the same wherever the course is hosted)."""
    if activity:
        return with_slash(activity)
    if site_url:
        return with_slash(site_url)
    slug = re.sub(r"[^a-z0-9]+", "-", site_name.lower()).strip("-") or "course"
    return f"https://connect-or-not.invalid/{slug}/"
