"""Printing tests: real PDFs checked with poppler and zbar, the preview and batch UI."""
