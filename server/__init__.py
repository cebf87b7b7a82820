"""The district sync server (FastAPI on uvicorn): reuses db/ models, adds server tables.

app (routes, errors, body limit) · auth (passwords, tokens, throttle) · push / pull (the
protocol) · scope (streets through parents) · signoff (sign-off verification) · schema and
migrations (server tables) · database (engines, locking transactions) · users · testing.
"""
