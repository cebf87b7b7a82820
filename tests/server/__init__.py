"""Tests of the district sync server: auth, scope, push/pull, sign-off checks, on SQLite and PostgreSQL."""
