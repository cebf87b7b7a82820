"""The sync server's base URL as the app keeps it; apart from app.sync.client so that reading
who is logged in (the window's sync status at start-up) does not load the HTTP library."""

from __future__ import annotations

from app.messages import problem

API_PREFIX = "/api/v1"


def normalize_url(url: str) -> str:
    """The server's base URL as the user typed it, without a trailing slash or the API prefix."""
    url = url.strip().rstrip("/")
    if url.endswith(API_PREFIX):
        url = url[: -len(API_PREFIX)]
    if not url.startswith(("http://", "https://")):
        raise ValueError(problem("login.bad_url", url=url))
    return url
