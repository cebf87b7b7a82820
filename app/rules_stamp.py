"""The rules files are validated before the app starts, yet start-up stays free of pydantic.

The app reads the rules (shenzhen.toml, agenda.toml) lazily, when a screen first needs them; a
wrong key found only then would leave the app started half-ruled. So start-up compares a stamp
of the files (their bytes and the app's version, hashed: no parsing) with the stamp of the last
start that validated them; only when it differs — a new install, an edited file — are the files
validated there and then, and a wrong key refuses the start with the one message naming it.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from app import __version__

RULES_DIR = Path(__file__).resolve().parents[1] / "resources" / "rules"
SHENZHEN = RULES_DIR / "shenzhen.toml"  # app.rules.DEFAULT_RULES
AGENDA = RULES_DIR / "agenda.toml"  # app.agenda_rules.RULES_FILE


def rules_stamp() -> str:
    """A stamp of the rules files as they are now (a missing file stamps as missing)."""
    digest = hashlib.sha256(__version__.encode())
    for path in (SHENZHEN, AGENDA):
        try:
            content = path.read_bytes()
        except OSError:
            content = b"\x00missing"
        digest.update(hashlib.sha256(content).digest())
    return digest.hexdigest()


def checked_stamp(last: object) -> str:
    """The files' stamp, after validating them unless `last` (the stamp of the last start that
    validated them) is that stamp. A wrong file raises RulesFileError (a BadInput) naming the
    file and the key."""
    stamp = rules_stamp()
    if last != stamp:
        from app.agenda_rules import load_rules as load_agenda
        from app.rules import load_rules_file

        load_rules_file(SHENZHEN)
        load_agenda(AGENDA)
    return stamp
