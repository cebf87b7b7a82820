"""Tests of 听、议、定 agenda items, meetings, their figures and their UI (board, list, meeting mode)."""
