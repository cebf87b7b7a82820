"""The one canonical JSON spelling: sorted keys, no spaces, no ASCII escaping (UTF-8 text).

It is hashed and signed (checkpoint sign-offs, key registrations, printed codes), compared by
the server (a sign-off's payload must be spelled this way; a pushed op's payload hash) and
written into the outbox by change tracking. Signatures already stored were made over this exact
spelling, so it must never change: tests/test_canonical_json.py pins it byte for byte.

It lives in db/ because change tracking needs it and db/ imports nothing above it; app/ and
server/ import it from here.
"""

from __future__ import annotations

import json
from typing import Any

# One encoder made once (what json.dumps builds on every call with these options): change
# tracking spells a JSON text for every edited row, so the saved construction counts.
_ENCODER = json.JSONEncoder(ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def canonical_json(obj: Any) -> str:
    """`obj` as canonical JSON text (encode it as UTF-8 for bytes to hash or sign)."""
    return _ENCODER.encode(obj)
