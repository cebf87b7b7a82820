"""server.admission: no more requests inside the app than the limit, the rest served after."""

from __future__ import annotations

import asyncio
from typing import Any

import httpx
import pytest

from server.admission import Admission


class Counting:
    """An ASGI app that notes how many requests are inside it at once."""

    def __init__(self) -> None:
        self.inside = self.most = 0

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        self.inside += 1
        self.most = max(self.most, self.inside)
        for _ in range(5):
            await asyncio.sleep(0)  # let the other requests in, if they may come
        self.inside -= 1
        await send({"type": "http.response.start", "status": 200, "headers": []})
        await send({"type": "http.response.body", "body": b"ok"})


async def most_inside(app: Any, counting: Counting, requests: int, path: str = "/api/v1/pull") -> int:
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
        answers = await asyncio.gather(*(client.get(path) for _ in range(requests)))
    assert [a.status_code for a in answers] == [200] * requests
    return counting.most


def test_no_more_requests_inside_than_the_limit_and_every_one_served() -> None:
    bare = Counting()
    assert asyncio.run(most_inside(bare, bare, 10)) > 2  # without it they all come in
    counting = Counting()
    assert asyncio.run(most_inside(Admission(counting, limit=2), counting, 10)) == 2


def test_evidence_file_transfers_are_not_held_back() -> None:
    counting = Counting()
    assert asyncio.run(most_inside(Admission(counting, limit=2), counting, 10,
                                   path="/api/v1/blobs/" + "0" * 64)) > 2


def test_a_limit_below_one_is_refused() -> None:
    with pytest.raises(ValueError, match="at least 1"):
        Admission(Counting(), limit=0)
