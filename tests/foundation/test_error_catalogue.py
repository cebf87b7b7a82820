"""Every failure app/ raises is worded in the catalogue (resources/i18n/errors.toml) in Chinese
and English: codes exist, placeholders are supplied, each language stays in its own script."""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass
from pathlib import Path

import pytest

from app.errors import BadInput, WorkFailed, describe
from app.messages import catalogue, problem, render, terms

ROOT = Path(__file__).resolve().parents[2]
# Our failure classes and their subclasses (a raise of any of them shows its text to the user).
# Left out, as they carry their own codes the UI words: RestoreRefused (a Refusal), FieldError and
# ProfileError (field error codes), ImportProblems and ImportFault (the import's message codes).
RAISED = {"BadInput", "WorkFailed", "NotReady", "RulesFileError", "RulesError", "SyncError",
          "ServerUnreachable", "AuthRequired", "NotAllowed", "ServerRefused", "ProtocolTooOld",
          "TemplateFileError"}
CJK = re.compile(r"[\u3000-\u303f\u3400-\u9fff\uff00-\uffef]")
PLACEHOLDER = re.compile(r"\{([^{}:!]*)(?:![rs])?(?::([^{}]*))?\}")
# Three English words in a row: a sentence, not a name such as "YYYY-MM-DD" or "PDF".
ENGLISH_RUN = re.compile(r"[A-Za-z]{2,}(?:[ ,;']+[A-Za-z]{2,}){2,}")


@dataclass(frozen=True)
class Site:
    """One place app/ names a code: `X(code="…", …)`, `need(value, "…")` or `problem("…")`."""

    where: str
    code: str
    params: frozenset[str] | None  # None: a **mapping is passed, so the names are not known


def placeholders(template: str) -> set[str]:
    return {m.group(1) for m in PLACEHOLDER.finditer(template.replace("{{", "").replace("}}", ""))}


def _name(func: ast.expr) -> str:
    return func.id if isinstance(func, ast.Name) else func.attr if isinstance(func, ast.Attribute) else ""


def _params(call: ast.Call, skip: int) -> frozenset[str] | None:
    if any(k.arg is None for k in call.keywords):
        return None
    return frozenset(k.arg for k in call.keywords if k.arg not in (None, "code"))


def scan() -> tuple[list[Site], list[str]]:
    """Code sites in app/, and raises that give a bare message instead of a code."""
    sites: list[Site] = []
    bare: list[str] = []
    for path in sorted((ROOT / "app").rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        rel = str(path.relative_to(ROOT))
        for node in ast.walk(tree):
            if isinstance(node, ast.Raise) and isinstance(node.exc, ast.Call):
                call = node.exc
                if _name(call.func) not in RAISED:
                    continue
                code = next((k.value for k in call.keywords if k.arg == "code"), None)
                where = f"{rel}:{node.lineno}"
                if isinstance(code, ast.Constant) and isinstance(code.value, str):
                    sites.append(Site(where, code.value, _params(call, 0)))
                elif code is None and any(isinstance(a, (ast.Constant, ast.JoinedStr, ast.BinOp))
                                          for a in call.args):
                    bare.append(where)
            elif isinstance(node, ast.Call) and _name(node.func) in {"need", "problem"}:
                index = 1 if _name(node.func) == "need" else 0
                if len(node.args) > index and isinstance(node.args[index], ast.Constant):
                    value = node.args[index].value
                    if isinstance(value, str):
                        sites.append(Site(f"{rel}:{node.lineno}", value, _params(node, index)))
    return sites, bare


SITES, BARE = scan()


def test_app_raises_codes_not_sentences() -> None:
    assert SITES, "no coded raise found in app/"
    assert BARE == [], "raise with a message instead of code=…: " + ", ".join(BARE)


def test_every_raised_code_is_in_the_catalogue() -> None:
    missing = sorted({f"{s.code} ({s.where})" for s in SITES if s.code not in catalogue()})
    assert missing == []


def test_every_placeholder_is_supplied_where_raised() -> None:
    wrong = []
    for site in SITES:
        entry = catalogue().get(site.code)
        if entry is None or site.params is None:
            continue
        for lang in ("zh", "en"):
            unsupplied = placeholders(entry[lang]) - site.params
            if unsupplied:
                wrong.append(f"{site.where} {site.code} [{lang}] needs {sorted(unsupplied)}")
    assert wrong == []


@pytest.mark.parametrize("code", sorted(catalogue()))
def test_both_languages_in_their_own_script(code: str) -> None:
    entry = catalogue()[code]
    assert entry["zh"] and entry["en"]
    words = PLACEHOLDER.sub("", entry["zh"])
    assert CJK.search(words) or not re.search("[A-Za-z]", words), f"{code}: no Chinese in zh"
    english_in_zh = ENGLISH_RUN.findall(words)
    assert not english_in_zh, f"{code}: English in zh: {english_in_zh}"
    assert not CJK.search(entry["en"]), f"{code}: Chinese in en: {entry['en']}"


def test_terms_are_english() -> None:
    assert all(not CJK.search(english) for english in terms().values())


def test_a_coded_error_reads_chinese_as_str_and_each_language_through_describe() -> None:
    error = BadInput(code="agenda.bad_move", title="停车难", stage="听", to_stage="回音",
                     allowed=["议", "定"])
    assert str(error) == "「停车难」不能从「听」直接转到「回音」：下一步只能是 议、定"
    assert error.code == "agenda.bad_move" and error.params["title"] == "停车难"
    english = describe(error, "en")
    assert english == ("“停车难” cannot go from “Listen” straight to “Answered”: the next step "
                       "can only be Discuss, Decide")
    assert describe(error, "zh_CN") == str(error)


def test_a_wrapped_error_is_rendered_in_the_same_language() -> None:
    inner = BadInput(code="agenda.title_empty")
    outer = BadInput(code="agenda.import.row_problem", origin="items.csv", row=3, problem=inner)
    assert str(outer) == "items.csv 第 3 行，标题不能为空"
    assert describe(outer, "en") == "items.csv row 3: The title is empty"


def test_a_problem_raises_with_its_code_and_an_unknown_word_goes_through_the_callers_lookup() -> None:
    reason = problem("agenda.date_before_raised", what="某个日期", day="2026-01-01",
                     raised_on="2026-02-01")
    error = WorkFailed(reason)
    assert error.code == "agenda.date_before_raised" and str(error) == str(reason)
    assert describe(error, "en", term=lambda word: {"某个日期": "Some date"}.get(word, word)) == (
        "Some date (2026-01-01) is before the date raised (2026-02-01)")


def test_an_unknown_code_or_a_bare_message_never_raises() -> None:
    assert render("no.such_code", {"a": 1}) == "no.such_code（a=1）"
    assert describe(BadInput("中文消息"), "en") == "中文消息"
    assert describe(ValueError("x"), "en") == "x"
