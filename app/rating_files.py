"""The star-rating files — a template (`rating_template.toml` or one a district imports), the
star bands and the branch's evaluation form (`ratings.toml`) — read through the shared rules-file
models (app/rulesfile.py): unknown keys refused, every error naming the file and the key.

Points are exact decimals written as text; a template's stated counts and total must match its
indicators, so a file edited by hand cannot silently lose an indicator.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

from pydantic import Field, field_validator, model_validator

from app.messages import problem
from app.rulesfile import (
    ExactNumber,
    Flag,
    RuleModel,
    RuleProblem,
    RulesFileError,
    Text,
    read_toml,
    validate,
)

RULES_DIR = Path(__file__).resolve().parents[1] / "resources" / "rules"
DEFAULT_TEMPLATE_FILE = RULES_DIR / "rating_template.toml"
BANDS_FILE = RULES_DIR / "ratings.toml"
HUNDRED = Decimal(100)
BAND_KEYS = (("five", 5), ("four", 4), ("three", 3), ("two", 2), ("one", 1))
EVALUATION_TARGETS = ("committee", "company")


class TemplateFileError(RulesFileError):
    """A template or bands file is wrong; the message names the file and the key."""


# ---- what the rest of the app uses -----------------------------------------------------------
@dataclass(frozen=True)
class Band:
    """At or above `min_percent` (exact) a company gets `stars`."""

    stars: int
    min_percent: Decimal


@dataclass(frozen=True)
class IndicatorSpec:
    code: str
    text: str
    max_points: Decimal
    guidance: str
    evidence: bool


@dataclass(frozen=True)
class AreaSpec:
    code: str
    name: str
    categories: tuple[str, ...]
    indicators: tuple[IndicatorSpec, ...]


@dataclass(frozen=True)
class TemplateSpec:
    """A template's content, independent of how it is stored (file or database)."""

    name: str
    note: str
    bands: tuple[Band, ...]
    areas: tuple[AreaSpec, ...]

    @property
    def indicators(self) -> list[IndicatorSpec]:
        return [i for a in self.areas for i in a.indicators]

    @property
    def total_points(self) -> Decimal:
        return sum((i.max_points for i in self.indicators), Decimal(0))


@dataclass(frozen=True)
class Question:
    code: str
    text: str
    max_points: Decimal


@dataclass(frozen=True)
class EvaluationForm:
    questions: dict[str, tuple[Question, ...]]  # target → questions
    low_score: Decimal

    def maximum(self, target: str) -> Decimal:
        return sum((q.max_points for q in self.questions[target]), Decimal(0))


# ---- the files' shape ------------------------------------------------------------------------
def _above_zero(value: Decimal) -> Decimal:
    if value <= 0:
        raise ValueError(problem("rules.value.not_positive", value=value))
    return value


class _Indicator(RuleModel):
    code: Text
    text: Text
    max_points: ExactNumber
    guidance: Text
    evidence: Flag

    _positive = field_validator("max_points")(_above_zero)


class _Area(RuleModel):
    code: Text
    name: Text
    categories: tuple[str, ...]
    indicators: tuple[_Indicator, ...] = Field(min_length=1)

    @field_validator("categories")
    @classmethod
    def _known_categories(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        from app.agenda_rules import load_rules as agenda_rules

        known = agenda_rules().categories  # the district's own list (agenda.toml), not a constant
        for category in value:
            if category not in known:
                raise ValueError(problem("rules.value.unknown_category", category=category,
                                         known=list(known)))
        return value


class _TemplateHead(RuleModel):
    name: Text
    note: str = ""
    areas: int
    indicators: int
    total_points: ExactNumber


class _TemplateFile(RuleModel):
    template: _TemplateHead
    areas: tuple[_Area, ...]

    @model_validator(mode="after")
    def _consistent(self) -> _TemplateFile:
        codes: set[str] = set()
        for area in self.areas:
            for code, key in [(area.code, f"areas[{area.code}].code")] + [
                (i.code, f"areas[{area.code}].indicators[{i.code}].code") for i in area.indicators
            ]:
                if code.strip() in codes:
                    raise RuleProblem(key, f"duplicate code {code.strip()!r}")
                codes.add(code.strip())
        head = self.template
        count = sum(len(a.indicators) for a in self.areas)
        total = sum((i.max_points for a in self.areas for i in a.indicators), Decimal(0))
        if head.areas != len(self.areas):
            raise RuleProblem("template.areas",
                              f"says {head.areas} areas, the file has {len(self.areas)}")
        if head.indicators != count:
            raise RuleProblem("template.indicators",
                              f"says {head.indicators} indicators, the file has {count}")
        if head.total_points != total:
            raise RuleProblem("template.total_points",
                              f"says {head.total_points}, the indicators add up to {total}")
        return self


class _Bands(RuleModel):
    note: str = ""
    five: ExactNumber
    four: ExactNumber
    three: ExactNumber
    two: ExactNumber
    one: ExactNumber

    @model_validator(mode="after")
    def _descending(self) -> _Bands:
        above: Decimal | None = None
        for key, _stars in BAND_KEYS:
            value: Decimal = getattr(self, key)
            if not Decimal(0) <= value <= HUNDRED:
                raise RuleProblem(f"bands.{key}", "must be between 0 and 100")
            if above is not None and value >= above:
                raise RuleProblem(f"bands.{key}", f"must be below the band above it ({above})")
            above = value
        return self


class _Question(RuleModel):
    code: Text
    text: Text
    max_points: ExactNumber

    _positive = field_validator("max_points")(_above_zero)


class _Evaluation(RuleModel):
    low_score: ExactNumber
    committee: tuple[_Question, ...] = Field(min_length=1)
    company: tuple[_Question, ...] = Field(min_length=1)

    @model_validator(mode="after")
    def _unique_codes(self) -> _Evaluation:
        for target in EVALUATION_TARGETS:
            seen: set[str] = set()
            for question in getattr(self, target):
                if question.code in seen:
                    raise RuleProblem(f"evaluation.{target}[{question.code}].code",
                                      f"duplicate code {question.code!r}")
                seen.add(question.code)
        return self


class _RatingsFile(RuleModel):
    bands: _Bands
    evaluation: _Evaluation | None = None


# ---- reading ---------------------------------------------------------------------------------
def _read(path: Path) -> dict[str, Any]:
    try:
        return read_toml(path)
    except RulesFileError as exc:
        raise (TemplateFileError(code=exc.code, **exc.params) if exc.code
               else TemplateFileError(str(exc))) from None


def parse_bands(data: dict[str, Any], source: str) -> tuple[Band, ...]:
    """Star bands from a `[bands]` table: five > four > three > two > one, each 0..100."""
    bands = validate(_RatingsFile, data, source, TemplateFileError).bands
    return tuple(Band(stars, getattr(bands, key)) for key, stars in BAND_KEYS)


def load_bands(path: Path = BANDS_FILE) -> tuple[Band, ...]:
    return parse_bands(_read(path), str(path))


def parse_template(data: dict[str, Any], source: str, bands: tuple[Band, ...]) -> TemplateSpec:
    """Validate a template file's content; every error names the key at fault."""
    model = validate(_TemplateFile, data, source, TemplateFileError)
    areas = tuple(
        AreaSpec(a.code.strip(), a.name, a.categories, tuple(
            IndicatorSpec(i.code.strip(), i.text, i.max_points, i.guidance, i.evidence)
            for i in a.indicators
        ))
        for a in model.areas
    )
    return TemplateSpec(name=model.template.name, note=model.template.note, bands=bands,
                        areas=areas)


def load_template_file(path: Path, bands: tuple[Band, ...] | None = None) -> TemplateSpec:
    """Read and validate a template file (bands from ratings.toml unless given)."""
    return parse_template(_read(path), str(path), bands if bands is not None else load_bands())


def parse_form(path: Path = BANDS_FILE) -> EvaluationForm:
    """The branch's evaluation form from ratings.toml's `[evaluation]` tables."""
    model = validate(_RatingsFile, _read(path), str(path), TemplateFileError)
    if model.evaluation is None:
        raise TemplateFileError(code="rules.bad_key", file=path, key="evaluation",
                                problem=problem("rules.problem.missing"))
    form = model.evaluation
    return EvaluationForm(
        {target: tuple(Question(q.code, q.text, q.max_points) for q in getattr(form, target))
         for target in EVALUATION_TARGETS},
        form.low_score,
    )
