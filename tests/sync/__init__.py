"""Sync tests: a real server on a loopback port (SQLite and PostgreSQL storage), real stores."""
