"""Tests of the desktop shell: main window, compounds, party branches, dashboard (pytest-qt)."""
