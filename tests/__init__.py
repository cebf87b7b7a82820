"""Test suite: pytest + pytest-qt; benchmarks in tests/bench (`python -m tests.bench`)."""
