"""Text set on a row loses control characters and lone surrogates (db.types.clean_text) the
moment the app sets it: a bell pasted into a note, a vertical tab from a word processor, half an
emoji. The server refuses such text (db.codec.decode), so keeping it locally would leave a change
that can never be pushed; a lone surrogate cannot even be written to the store.

Append-only tables are left alone: a sign-off's fields are signed as they are, and changing them
here would break the signature (the signing code cleans its text before it signs).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sqlalchemy import String, event

from db.models.base import Replicated
from db.types import clean_text

_LISTENING_KEY = "clean_text_on_set"


def _clean(_target: object, value: Any, _old: object, _initiator: object) -> Any:
    return clean_text(value) if type(value) is str else value


def clean_text_on_set(models: Iterable[type[Replicated]]) -> None:
    """Clean every text column of these models when a value is set (once per model)."""
    for model in models:
        if model.append_only or model.__dict__.get(_LISTENING_KEY):
            continue
        for column in model.__table__.columns:
            if isinstance(column.type, String) and column.name != "id":
                event.listen(getattr(model, column.key), "set", _clean, retval=True)
        setattr(model, _LISTENING_KEY, True)
