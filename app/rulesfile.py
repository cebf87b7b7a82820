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

from app.messages import Problem, problem
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
        raise ValueError(problem("rules.value.number_as_text"))
    text = str(value).strip()
    if len(text) > MAX_NUMBER_TEXT:
        raise ValueError(problem("rules.value.implausible", value=text[:MAX_NUMBER_TEXT] + "…"))
    try:
        number = Decimal(text)
    except InvalidOperation:
        raise ValueError(problem("rules.value.not_number", value=repr(value))) from None
    if not number.is_finite() or abs(number.adjusted()) > MAX_NUMBER_TEXT:
        raise ValueError(problem("rules.value.implausible", value=repr(value)))
    return number


def _share(value: Any) -> Fraction:
    """A share of a whole written as a fraction in text ("2/3"): exact, more than 0, at most 1."""
    if not isinstance(value, str) or "/" not in value or len(value) > MAX_NUMBER_TEXT:
        raise ValueError(problem("rules.value.fraction_as_text", value=repr(value)))
    try:
        number = Fraction(value.replace(" ", ""))
    except (ValueError, ZeroDivisionError):
        raise ValueError(problem("rules.value.not_fraction", value=repr(value))) from None
    if not 0 < number <= 1:
        raise ValueError(problem("rules.value.share_range", value=value))
    return number


def _text(value: Any) -> str:
    if not isinstance(value, str) or not value.strip():
        raise ValueError(problem("rules.value.text_empty", value=repr(value)))
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
        raise RulesFileError(code="rules.not_found", file=path) from None
    except OSError as exc:
        raise RulesFileError(code="rules.unreadable", file=path, detail=exc) from None
    return decode_toml(raw, path)


def decode_toml(raw: bytes, path: Path) -> dict[str, Any]:
    """The TOML document of a rules file's bytes (already read, e.g. to compare with a cache)."""
    try:
        text = raw.decode("utf-8").replace("\r\n", "\n").replace("\r", "\n")  # as read_text
        return tomllib.loads(text)
    except UnicodeDecodeError as exc:
        raise RulesFileError(code="rules.unreadable", file=path, detail=exc) from None
    except tomllib.TOMLDecodeError as exc:
        raise RulesFileError(code="rules.not_toml", file=path, detail=exc) from None


def validate(model: type[M], data: Mapping[str, Any], label: str,
             error: type[RulesFileError] = RulesFileError) -> M:
    """`data` as `model`, or `error` naming `label` (the file) and the first key at fault."""
    try:
        return model.model_validate(dict(data))
    except RuleProblem as found:
        raise error(code="rules.bad_key", file=label, key=found.key,
                    problem=found.problem) from None
    except ValidationError as exc:
        first = exc.errors()[0]
        key = dotted_key(first["loc"], data)
        raise error(code="rules.bad_key", file=label, key=key, problem=_problem(first)) from None


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


def _problem(error: Mapping[str, Any]) -> Problem | str:
    """What is wrong with the key: our validators' coded problem, else pydantic's own words."""
    kind = error["type"]
    if kind == "missing":
        return problem("rules.problem.missing")
    if kind == "extra_forbidden":
        return problem("rules.problem.unknown_key")
    cause = (error.get("ctx") or {}).get("error")
    if isinstance(cause, ValueError) and cause.args and isinstance(cause.args[0], Problem):
        return cause.args[0]
    message = str(error["msg"])
    for prefix in ("Value error, ", "Assertion failed, "):
        message = message.removeprefix(prefix)
    if kind == "value_error":
        return message
    shown = repr(error["input"])
    return problem("rules.problem.got", message=message,
                   got=shown if len(shown) <= 60 else shown[:60] + "…")


def source_of(model: Origin) -> Source:
    return Source(kind=model.kind, source=model.source, verified=model.verified)
