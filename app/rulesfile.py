"""One way to read every rules file in `resources/rules/` (shenzhen.toml, agenda.toml,
rating_template.toml, ratings.toml): typed pydantic models that refuse unknown keys, and one
error that names the file and the dotted key at fault.

A broken rules file must stop with a message a district administrator can act on ("key
tally.quorum.share: …"), never a half-ruled app. Models here are the shared building blocks;
each file's own models live beside the code that uses them.
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping, Sequence
from decimal import Decimal, InvalidOperation
from fractions import Fraction
from pathlib import Path
from typing import Annotated, Any, Literal, TypeVar

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    StrictBool,
    ValidationError,
)

from app.rule_source import Source
from app.rules_errors import RuleProblem as RuleProblem
from app.rules_errors import RulesFileError as RulesFileError

MAX_NUMBER_TEXT = 30  # digits and signs: enough for any real threshold, never a decimal bomb


class RuleModel(BaseModel):
    """Base of every rules-file table: unknown keys refused, values never coerced."""

    model_config = ConfigDict(extra="forbid", frozen=True, arbitrary_types_allowed=True)


def _exact_number(value: Any) -> Decimal:
    """Points and percentages are written as text ("1.5") or whole numbers; floats are not exact."""
    if isinstance(value, bool) or not isinstance(value, str | int):
        raise ValueError('must be a number written as text, e.g. "1.5"')
    text = str(value).strip()
    if len(text) > MAX_NUMBER_TEXT:
        raise ValueError(f"is not a plausible number: {text[:MAX_NUMBER_TEXT]}…")
    try:
        number = Decimal(text)
    except InvalidOperation:
        raise ValueError(f"is not a number: {value!r}") from None
    if not number.is_finite() or abs(number.adjusted()) > MAX_NUMBER_TEXT:
        raise ValueError(f"is not a plausible number: {value!r}")
    return number


def _share(value: Any) -> Fraction:
    """A share of a whole written as a fraction in text ("2/3"): exact, more than 0, at most 1."""
    if not isinstance(value, str) or "/" not in value or len(value) > MAX_NUMBER_TEXT:
        raise ValueError(f'expected a fraction as text such as "2/3", got {value!r}')
    try:
        number = Fraction(value.replace(" ", ""))
    except (ValueError, ZeroDivisionError):
        raise ValueError(f"not a fraction: {value!r}") from None
    if not 0 < number <= 1:
        raise ValueError(f"must be more than 0 and at most 1, got {value}")
    return number


def _text(value: Any) -> str:
    if not isinstance(value, str) or not value.strip():
        raise ValueError(f"expected non-empty text, got {value!r}")
    return value


ExactNumber = Annotated[Decimal, BeforeValidator(_exact_number)]
Share = Annotated[Fraction, BeforeValidator(_share)]
Text = Annotated[str, BeforeValidator(_text)]
Flag = StrictBool


class Origin(RuleModel):
    """Where a rule comes from. `verified` is true only when the cited text itself was read;
    an unverified rule is shown as 待核实 and never printed on a public document."""

    kind: Literal["law", "district"]
    source: Text
    verified: Flag


M = TypeVar("M", bound=BaseModel)


def read_toml(path: Path) -> dict[str, Any]:
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise RulesFileError(f"rules file {path}: not found") from None
    except OSError as exc:
        raise RulesFileError(f"rules file {path}: cannot read: {exc}") from None
    return decode_toml(raw, path)


def decode_toml(raw: bytes, path: Path) -> dict[str, Any]:
    """The TOML document of a rules file's bytes (already read, e.g. to compare with a cache)."""
    try:
        text = raw.decode("utf-8").replace("\r\n", "\n").replace("\r", "\n")  # as read_text
        return tomllib.loads(text)
    except UnicodeDecodeError as exc:
        raise RulesFileError(f"rules file {path}: cannot read: {exc}") from None
    except tomllib.TOMLDecodeError as exc:
        raise RulesFileError(f"rules file {path}: not valid TOML: {exc}") from None


def validate(model: type[M], data: Mapping[str, Any], label: str,
             error: type[RulesFileError] = RulesFileError) -> M:
    """`data` as `model`, or `error` naming `label` (the file) and the first key at fault."""
    try:
        return model.model_validate(dict(data))
    except RuleProblem as problem:
        raise error(f"rules file {label}: key {problem.key}: {problem.problem}") from None
    except ValidationError as exc:
        first = exc.errors()[0]
        key = dotted_key(first["loc"], data)
        raise error(f"rules file {label}: key {key}: {_problem(first)}") from None


def dotted_key(loc: Sequence[int | str], data: Any) -> str:
    """("areas", 2, "code") → "areas[C].code": list items are named by their `code` when they
    have one (what a person sees in the file), else numbered from 1."""
    parts: list[str] = []
    node = data
    for step in loc:
        if isinstance(step, int):
            item = node[step] if isinstance(node, list) and step < len(node) else None
            code = item.get("code") if isinstance(item, dict) else None
            parts.append(f"[{code}]" if isinstance(code, str) else f"[{step + 1}]")
            node = item
        else:
            parts.append(f".{step}" if parts else str(step))
            node = node.get(step) if isinstance(node, dict) else None
    return "".join(parts)


def _problem(error: Mapping[str, Any]) -> str:
    kind = error["type"]
    if kind == "missing":
        return "missing"
    if kind == "extra_forbidden":
        return "unknown key"
    message = str(error["msg"])
    for prefix in ("Value error, ", "Assertion failed, "):
        message = message.removeprefix(prefix)
    if kind == "value_error":
        return message
    shown = repr(error["input"])
    return f"{message} (got {shown if len(shown) <= 60 else shown[:60] + '…'})"


def source_of(model: Origin) -> Source:
    return Source(kind=model.kind, source=model.source, verified=model.verified)
