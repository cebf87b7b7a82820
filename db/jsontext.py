"""JSON kept in text columns (a tally, positions taken at a meeting, an audit summary, answers),
read with limits: such text arrives from colleagues through sync, and a reader must never be
made to recurse without end, expand a 5,000-digit number or crash on the wrong shape.

`parse_json_text` refuses what a client could not read (the server refuses it on push, db.codec);
`read_json_text` is what readers use: the value when it has the expected shape, else None.
"""

from __future__ import annotations

import json
from typing import Any

MAX_JSON_TEXT = 1_000_000
MAX_DEPTH = 32
MAX_NUMBER_DIGITS = 40


def _depth(text: str) -> int:
    """Deepest nesting of arrays and objects, counted without parsing (strings skipped)."""
    deepest = depth = 0
    in_string = escaped = False
    for char in text:
        if in_string:
            if escaped:
                escaped = False
            elif char == "\\":
                escaped = True
            elif char == '"':
                in_string = False
        elif char == '"':
            in_string = True
        elif char in "[{":
            depth += 1
            deepest = max(deepest, depth)
            if deepest > MAX_DEPTH:
                return deepest
        elif char in "]}":
            depth -= 1
    return deepest


def _number(text: str) -> Any:
    if len(text) > MAX_NUMBER_DIGITS:
        raise ValueError(f"a number of {len(text)} characters")
    if not any(c in text for c in ".eE"):
        return int(text)
    number = float(text)
    if number in (float("inf"), float("-inf")):
        raise ValueError(f"{text} is out of range")
    return number


def _constant(name: str) -> Any:
    raise ValueError(f"{name} is not a number JSON allows")


def parse_json_text(text: str, shape: type) -> Any:
    """`text` as JSON whose top level is `shape` (dict or list); ValueError saying why not."""
    if len(text) > MAX_JSON_TEXT:
        raise ValueError(f"longer than {MAX_JSON_TEXT} characters")
    if _depth(text) > MAX_DEPTH:
        raise ValueError(f"nested deeper than {MAX_DEPTH} levels")
    try:
        value = json.loads(text, parse_int=_number, parse_float=_number,
                           parse_constant=_constant)
    except json.JSONDecodeError as exc:
        raise ValueError(f"not JSON ({exc.msg})") from None
    if not isinstance(value, shape):
        raise ValueError(f"JSON of the wrong shape: expected {'an object' if shape is dict else 'a list'}")
    return value


def read_json_text(text: str | None, shape: type) -> Any | None:
    """The value, or None when the text is empty or not JSON of that shape (the reader shows
    nothing rather than failing a whole page over one colleague's bad row)."""
    if not text:
        return None
    try:
        return parse_json_text(text, shape)
    except ValueError:
        return None
