"""The server's refusals in the user's words, from their code — never from the sentence.

A refused op (and every HTTP error) carries the envelope `{"code", "message", "params"}`
(docs/sync-protocol.md, "Errors"). The message catalogue's `sync.<code>` entry says it in Chinese
or English; this module adds what the Chinese text names in the app's own terms — a table as
“小区”, a column as the app labels it, an election kind and stage by name, a wait in minutes.
A code this app does not know (a newer server's) is shown as the server's English sentence,
marked as the server's words; a reason made by the client itself (already in words) passes
through.
"""

from __future__ import annotations

import contextlib
import math
from collections.abc import Mapping
from typing import Any

from app.elections.stages import kind_name, stage_name
from app.exporting import COLUMN_LABELS
from app.messages import catalogue, language, render
from db.models import MODEL_BY_TABLE

NAMESPACE = "sync."
SERVER_SAYS = "服务器："

# An owners' vote's figures as the vote dialog names them (app/owners_votes/records.py).
VOTE_FIGURE_LABELS = {
    "total_owners": "“业主总人数”", "total_area_m2": "“专有部分总面积”",
    "voted_owners": "“参与表决人数”", "voted_area_m2": "“参与表决面积”",
    "yes_owners": "“同意人数”", "yes_area_m2": "“同意面积”",
}


def table_label(name: str) -> str:
    model = MODEL_BY_TABLE.get(name)
    return f"“{model.label_zh}”" if model is not None and model.label_zh else name


def field_label(name: str) -> str:
    if name in VOTE_FIGURE_LABELS:
        return VOTE_FIGURE_LABELS[name]
    return f"“{COLUMN_LABELS[name]}”" if name in COLUMN_LABELS else name


def display_params(params: Mapping[str, Any]) -> dict[str, Any]:
    """The params as sent, plus the display forms the catalogue's Chinese templates use."""
    shown = dict(params)
    text = {key: str(value) for key, value in params.items() if value is not None}
    if "table" in text:
        shown["table_label"] = table_label(text["table"])
    if "field" in text:
        shown["field_label"] = field_label(text["field"])
    if "whole" in text:
        shown["whole_label"] = field_label(text["whole"])
    if "kind" in text:
        shown["kind_name"] = kind_name(text["kind"])
    if "stage" in text:
        shown["stage_name"] = stage_name(text["stage"], text.get("kind"))
    retry = params.get("retry_after")
    if isinstance(retry, int | float) and not isinstance(retry, bool):
        shown["retry_minutes"] = max(1, math.ceil(retry / 60))
    if isinstance(params.get("problems"), Mapping):  # profile_invalid: app.profile's own words
        from app.profile import ProfileError

        with contextlib.suppress(KeyError):  # a field this app does not know: the server's detail
            shown["detail"] = ProfileError(dict(params["problems"])).args[0]
    return shown


def envelope_of(source: object) -> Mapping[str, Any] | None:
    """The error envelope in a push result, a conflict's `theirs`, an HTTP error body, or the
    envelope itself; None when there is none."""
    if not isinstance(source, Mapping):
        return None
    inner = source.get("error")
    if isinstance(inner, Mapping):
        return inner
    return source if isinstance(source.get("code"), str) and "params" in source else None


def describe_error(envelope: Mapping[str, Any], locale: str = "zh_CN") -> str:
    """An envelope in `locale`: its code's text, or the server's sentence for an unknown code."""
    code, params = envelope.get("code"), envelope.get("params")
    if isinstance(code, str) and NAMESPACE + code in catalogue():
        return render(NAMESPACE + code, display_params(params if isinstance(params, Mapping)
                                                        else {}), locale)
    return _servers_words(str(envelope.get("message") or code or ""), locale)


def readable_reason(source: object, locale: str = "zh_CN") -> str:
    """Why the server refused, in `locale`: from the envelope when `source` (a push result, a
    conflict's `theirs`, an envelope) has one; else its `reason` text as it is."""
    envelope = envelope_of(source)
    if envelope is not None:
        return describe_error(envelope, locale)
    if isinstance(source, Mapping):
        source = source.get("reason")
    return _servers_words(str(source or "").strip(), locale)


def client_refusal(code: str, **params: Any) -> dict[str, Any]:
    """An envelope for a refusal the client makes itself (a sign-off it holds back, a row that
    left the street): the same shape as the server's, so the conflicts page words it alike."""
    return {"code": code, "message": render(NAMESPACE + code, params, "en"), "params": params}


def _servers_words(text: str, locale: str) -> str:
    """A sentence the client cannot word itself: the client's own (Chinese) pass through; the
    server's English is marked as such on the Chinese screen."""
    if language(locale) == "zh" and text.isascii() and text:
        return SERVER_SAYS + text
    return text
