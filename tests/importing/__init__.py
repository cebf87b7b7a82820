"""Tests of issue 18: every spreadsheet format in, the error report and templates, safe exports."""
