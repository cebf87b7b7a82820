"""Search keys for Chinese names: the text itself, full pinyin and pinyin initials.

Typing `dwy` or `diwuyuan` finds 第五园. Keys are computed once per row (pypinyin is too slow to
run per keystroke); matching is a plain substring test on the precomputed key.
"""

from __future__ import annotations

from pypinyin import lazy_pinyin

SEPARATOR = "\x1f"  # never typed, so a query cannot match across two parts of a key


def pinyin_forms(text: str) -> tuple[str, str]:
    """(full pinyin, initials) of `text`, lower case, no spaces; non-Chinese kept as is."""
    syllables = [s.lower() for s in lazy_pinyin(text, errors="default") if s.strip()]
    full = "".join(syllables).replace(" ", "")
    initials = "".join(s[0] for s in syllables if s)
    return full, initials


def search_key(*texts: str | None) -> str:
    """One lower-case key holding each text, its full pinyin and its initials."""
    parts: list[str] = []
    for text in texts:
        if not text:
            continue
        compact = text.lower().replace(" ", "")
        full, initials = pinyin_forms(text)
        parts.extend((compact, full, initials))
    return SEPARATOR.join(parts)


def normalize_query(query: str) -> str:
    return query.strip().lower().replace(" ", "")


def matches(key: str, query: str) -> bool:
    """True when the normalised query occurs in the key (an empty query matches everything)."""
    needle = normalize_query(query)
    return not needle or needle in key
