"""Hostile tests of the id lists, the bulk import connection and the row-index flush (December 2026)."""
