"""The message catalogue: each failure's code → its Chinese and English template.

resources/i18n/errors.toml holds one table per code (`[ballot.duplicate_paper]` with `zh` and
`en`); placeholders are str.format names. `{stage:term}` marks a Chinese domain word (a stage,
role, category or check name): in English it is looked up in the catalogue's [terms] table, then
through the caller's `term` function (the UI's translations). A list parameter is joined with
"、" in Chinese and ", " in English. One file, so the client's codes and the server's live
together and a test can check both languages are complete.
"""

from __future__ import annotations

import string
import tomllib
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

CATALOGUE = Path(__file__).resolve().parents[1] / "resources" / "i18n" / "errors.toml"
LOCALES = ("zh_CN", "en")
_JOIN = {"zh": "、", "en": ", "}


@cache
def _document() -> dict[str, Any]:
    """The catalogue file, parsed once per process (on the first failure worded, not at start)."""
    with CATALOGUE.open("rb") as handle:
        return tomllib.load(handle)


@cache
def catalogue() -> dict[str, dict[str, str]]:
    """code → {"zh": template, "en": template}."""
    entries: dict[str, dict[str, str]] = {}
    _collect(_document(), "", entries)
    return entries


@cache
def terms() -> dict[str, str]:
    """Chinese domain word → its English (the catalogue's [terms] table)."""
    table = _document().get("terms", {})
    return {str(k): str(v) for k, v in table.items() if isinstance(v, str)}


def _collect(table: Mapping[str, Any], prefix: str, into: dict[str, dict[str, str]]) -> None:
    for key, value in table.items():
        if not isinstance(value, dict) or (not prefix and key == "terms"):
            continue
        code = f"{prefix}{key}"
        if isinstance(value.get("zh"), str):
            into[code] = {"zh": value["zh"], "en": str(value.get("en", value["zh"]))}
        _collect(value, f"{code}.", into)


def language(locale: str) -> str:
    """"zh" or "en" for a locale name (zh_CN, zh, en, en_US…); Chinese unless English is asked."""
    return "en" if locale.lower().startswith("en") else "zh"


class _Formatter(string.Formatter):
    """str.format with the `term` spec and lists joined in the message's language."""

    def __init__(self, lang: str, term: Callable[[str], str] | None) -> None:
        super().__init__()
        self.lang = lang
        self.term = term

    def word(self, text: str) -> str:
        if self.lang != "en":
            return text
        english = terms().get(text)
        if english is None and self.term is not None:
            english = self.term(text)
        return english if english else text

    def format_field(self, value: Any, format_spec: str) -> str:
        if isinstance(value, Problem):  # a part worded by code (a place in a file…)
            return render(value.code, value.params, self.lang, self.term)
        if isinstance(value, BaseException):  # a wrapped failure, in the same language
            code, params = getattr(value, "code", None), getattr(value, "params", None)
            if isinstance(code, str) and isinstance(params, Mapping) and code in catalogue():
                return render(code, params, self.lang, self.term)
            if value.args and isinstance(value.args[0], Problem):  # ValueError(problem(…))
                return render(value.args[0].code, value.args[0].params, self.lang, self.term)
            return str(value)
        if format_spec == "term":
            if isinstance(value, Iterable) and not isinstance(value, str):
                return _JOIN[self.lang].join(self.word(str(v)) for v in value)
            return self.word(str(value))
        if isinstance(value, (list, tuple, set, frozenset)):
            return _JOIN[self.lang].join(self.format_field(v, "") for v in value)
        return super().format_field(value, format_spec)


class _Params(dict[str, Any]):
    def __missing__(self, key: str) -> str:
        return "…"


def render(code: str, params: Mapping[str, Any], locale: str = "zh_CN",
           term: Callable[[str], str] | None = None) -> str:
    """The message of `code` in `locale` with `params` filled in; an unknown code gives the
    code and its parameters (never a traceback)."""
    entry = catalogue().get(code)
    if entry is None:
        shown = "，".join(f"{k}={v}" for k, v in params.items())
        return f"{code}（{shown}）" if shown else code
    lang = language(locale)
    template = entry[lang] or entry["zh"]
    formatter = _Formatter(lang, term)
    try:
        return formatter.vformat(template, (), _Params(params))
    except (ValueError, IndexError, AttributeError):  # a template naming a field wrongly
        return template


@dataclass(frozen=True)
class Problem:
    """Why something may not be done yet, as a code and parameters: shown in the screen's own
    language, raised as is (`raise BadInput(problem)`); str() is the Chinese text."""

    code: str
    params: Mapping[str, Any] = field(default_factory=dict)

    def __str__(self) -> str:
        return render(self.code, self.params)

    def text(self, locale: str = "zh_CN", term: Callable[[str], str] | None = None) -> str:
        return render(self.code, self.params, locale, term)


def problem(code: str, **params: Any) -> Problem:
    """A Problem: `problem("election.no_members", stage=…)`."""
    return Problem(code, params)
