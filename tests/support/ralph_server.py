"""Ralph's LRS on 127.0.0.1 for the tests, run by Ralph's own Python (.venv-ralph):

    python ralph_server.py PORT DATA_DIR ORIGIN ACCOUNTS_JSON

It writes Ralph's credentials file for the accounts (username, password, scopes),
restricts each account to its scopes, and serves ``ralph.api:app`` with the file
backend (statements in DATA_DIR/fs_lrs.jsonl), answering CORS for ORIGIN only.

Two changes to Ralph's file backend (the one that needs no database). It creates the
statements file on the first POST and refuses every later one ("already exists and
overwrite is not allowed"), since it writes with its default CREATE operation;
appending is what an LRS on one file needs, and the backend supports it
(BaseOperationType.APPEND). And its query compares a statement's verb and object ids
with the query's ``verb`` and ``activity`` as Ralph's router parsed them (IRI objects,
never equal to a string), so that filtering by either found nothing: they are given
back as the strings they were.
"""

import json
import os
import sys
from pathlib import Path

port, data, origin, accounts = int(sys.argv[1]), Path(sys.argv[2]), sys.argv[3], sys.argv[4]
data.mkdir(parents=True, exist_ok=True)

import bcrypt  # noqa: E402 - Ralph's own dependency, in its environment

auth = [{"username": a["username"],
         "hash": bcrypt.hashpw(a["password"].encode(), bcrypt.gensalt(4)).decode(),
         "scopes": a["scopes"],
         "agent": {"account": {"homePage": "http://127.0.0.1", "name": a["username"]},
                   "objectType": "Agent"}}
        for a in json.loads(accounts)]
(data / "auth.json").write_text(json.dumps(auth), encoding="utf-8")
os.environ.update({
    "RALPH_APP_DIR": str(data / "app"),
    "RALPH_AUTH_FILE": str(data / "auth.json"),
    "RALPH_HISTORY_FILE": str(data / "history.json"),
    "RALPH_RUNSERVER_BACKEND": "fs",
    "RALPH_BACKENDS__LRS__FS__DEFAULT_DIRECTORY_PATH": str(data),
    "RALPH_RUNSERVER_CORS_ALLOW_ORIGINS": json.dumps([origin]),
    "RALPH_LRS_RESTRICT_BY_SCOPES": "true",  # Ralph asks for the next with it
    "RALPH_LRS_RESTRICT_BY_AUTHORITY": "true",
})

import uvicorn  # noqa: E402
from ralph.backends.data.base import BaseOperationType  # noqa: E402
from ralph.backends.lrs.fs import FSLRSBackend  # noqa: E402

FSLRSBackend.default_operation_type = BaseOperationType.APPEND
query_statements = FSLRSBackend.query_statements


def query_with_strings(self, params, target=None):
    for name in ("verb", "activity"):
        value = getattr(params, name, None)
        if value is not None:
            setattr(params, name, str(value))
    return query_statements(self, params, target)


FSLRSBackend.query_statements = query_with_strings
uvicorn.run("ralph.api:app", host="127.0.0.1", port=port, log_level="warning")
