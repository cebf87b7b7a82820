"""What the server's migrations compare: every table but the client's local-only ones (the
client's `profiles` table is local: the server keeps profiles on its accounts, server_users)."""

from __future__ import annotations

from typing import Any

LOCAL_ONLY_TABLES = frozenset({"settings", "outbox", "conflicts", "profiles"})


def include_object(obj: Any, name: str | None, type_: str, reflected: bool, compare_to: Any) -> bool:
    if type_ == "table":
        return name not in LOCAL_ONLY_TABLES
    table = getattr(obj, "table", None)
    return table is None or table.name not in LOCAL_ONLY_TABLES
