"""Characters that make a name display as another never get into a stored text."""

from __future__ import annotations

import pytest

from db.codec import FieldValueError, decode


@pytest.mark.parametrize("char", ["\u202e", "\u2066", "\u200b", "\ufeff", "\x07"])
def test_spoofing_and_control_characters_never_reach_a_stored_name(char: str) -> None:
    """A right-to-left override or an invisible space makes a compound name display as another:
    refused from a push or a restore, removed from what is typed or imported."""
    from db.models import Compound
    from db.types import clean_text

    column = Compound.__table__.c.name
    with pytest.raises(FieldValueError, match="name"):
        decode(column.type, f"幸福{char}花园", "name")
    assert clean_text(f"幸福{char}花园") == "幸福花园"
