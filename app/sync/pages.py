"""Pull pages read one ahead: while a page is written into the store, the next one is already
being asked for and parsed on a helper thread, so the server's work, the transfer and the
local writes overlap (the store's writes and the socket wait release the GIL).

Only reading is done ahead: each page is still written and its cursor committed in order, one
transaction per page, so a cancelled or failed pull loses nothing (the page read ahead is
dropped and asked for again next time).
"""

from __future__ import annotations

from collections.abc import Generator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any

from app.sync.client import SyncClient
from app.sync.errors import ServerRefused


@dataclass(frozen=True)
class Page:
    since: int
    changes: list[Any]
    gone: list[Any]
    next: int
    more: bool


def _checked(since: int, body: dict[str, Any]) -> Page:
    changes, gone = body.get("changes") or [], body.get("gone") or []
    next_cursor, more = body.get("next", since), bool(body.get("more"))
    if not isinstance(changes, list) or not isinstance(gone, list) or (
        type(next_cursor) is not int
    ):
        raise ServerRefused(code="sync.local.pull_unreadable")
    if more and next_cursor <= since:
        raise ServerRefused(code="sync.local.pull_stuck")
    return Page(since, changes, gone, next_cursor, more)


def read_pages(client: SyncClient, since: int, page_size: int, *,
               exclude_own_from: int | None = None) -> Generator[Page, None, None]:
    """Pages from `since` until the server says there is no more, each asked for while the
    one before it is being used."""

    def fetch(cursor: int) -> Page:
        options = {} if exclude_own_from is None else {"exclude_own_from": exclude_own_from}
        return _checked(cursor, client.pull(cursor, page_size, **options))

    page = fetch(since)
    if not page.more:
        yield page
        return
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="sync-pull") as ahead:
        upcoming: Future[Page] | None = None
        try:
            while True:
                upcoming = ahead.submit(fetch, page.next) if page.more else None
                yield page
                if upcoming is None:
                    return
                page = upcoming.result()
        finally:
            if upcoming is not None and not upcoming.done():
                upcoming.cancel()
