"""Whether this program carries the sync server: the caseworker's desktop bundle leaves FastAPI,
uvicorn, psycopg and argon2 out (pyproject's `server` extra), so `serve` and `server-user` there
say to install the server package instead of failing on an import."""

from __future__ import annotations

import importlib.util

SERVER_MODULES = ("fastapi", "uvicorn", "psycopg", "argon2")


def missing_modules() -> list[str]:
    missing = []
    for name in SERVER_MODULES:
        try:
            found = importlib.util.find_spec(name) is not None
        except (ImportError, ValueError):
            found = False
        if not found:
            missing.append(name)
    return missing


def require_server(verb: str) -> None:
    """BadInput (exit 2) naming what to install when the server's packages are absent."""
    if missing_modules():
        from app.errors import BadInput

        raise BadInput(code="server.not_installed", verb=verb)
