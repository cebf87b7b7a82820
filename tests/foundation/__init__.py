"""Tests of the foundation: import/export, demo district, integrity check, migrations."""
