"""The tally kept on an election (elections.tally_json), read back safely: the text arrives from
colleagues through sync, so a reader takes it only when it has the shape the tally writes
(app.elections.tally.TallyResult.as_json) and otherwise behaves as if none was stored."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from db.jsontext import read_json_text
from db.models import Election

_COUNTS = ("total_owners", "participating_owners")
_AREAS = ("total_area", "participating_area")


def _is_count(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and 0 <= value < 10**9


def _is_area(value: Any) -> bool:
    if not isinstance(value, str) or len(value) > 30:
        return False
    try:
        return Decimal(value).is_finite()
    except InvalidOperation:
        return False


def _is_candidate(value: Any) -> bool:
    return (isinstance(value, dict) and isinstance(value.get("name"), str)
            and _is_count(value.get("yes_owners")) and _is_area(value.get("yes_area"))
            and isinstance(value.get("passed"), bool))


def stored_tally(election: Election) -> dict[str, Any] | None:
    """The stored tally when it is one the app wrote (or of that shape), else None."""
    tally = read_json_text(election.tally_json, dict)
    if tally is None:
        return None
    if not all(_is_count(tally.get(k)) for k in _COUNTS) or not all(
        _is_area(tally.get(k)) for k in _AREAS
    ) or not isinstance(tally.get("quorum_met"), bool):
        return None
    if "candidates" in tally or "elected" in tally:
        candidates, elected = tally.get("candidates"), tally.get("elected")
        if not (isinstance(candidates, list) and all(_is_candidate(c) for c in candidates)
                and isinstance(elected, list) and all(isinstance(n, str) for n in elected)):
            return None
    return tally
