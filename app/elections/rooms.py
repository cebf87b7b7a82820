"""Finding an owner by the room as a caseworker types it, without an input method.

The register names a room "1栋-101"; at the ballot box it is typed "1-101", "1栋101", "1 101",
"1#101", "1幢101室" or "１－１０１". Both sides are reduced to one key — building and room
without the words 栋/幢/座/号楼/单元/室 and the separators — so each of those finds 1栋-101.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from typing import TypeVar

T = TypeVar("T")

_WORDS = re.compile(r"号楼|栋|幢|座|楼|单元|室|房|号")
_PARTS = re.compile(r"[0-9a-z]+")


def room_key(text: str) -> str:
    """"1栋-101", "1-101", "1 101", "1#101" → "1-101": the building and room parts, lower case,
    joined by "-" (empty when the text names no room)."""
    plain = unicodedata.normalize("NFKC", text).lower()
    plain = _WORDS.sub(" ", plain)
    return "-".join(_PARTS.findall(plain))


def room_index(owners: Iterable[tuple[T, Iterable[str]]]) -> dict[str, T]:
    """room key → owner, from (owner, its rooms) pairs; a key two owners share maps to neither."""
    index: dict[str, T] = {}
    shared: set[str] = set()
    for owner, rooms in owners:
        for room in rooms:
            key = room_key(room)
            if not key:
                continue
            if key in index and index[key] is not owner:
                shared.add(key)
            index.setdefault(key, owner)
    for key in shared:
        del index[key]
    return index
