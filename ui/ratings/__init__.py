"""Widgets and item models of the ratings page: rankings, a company's history and trend, the
keyboard-first scoring form of an inspection, and the branch's yearly evaluation form."""
