"""Tests of `audit`: the records obey the rules, checked through the real command line."""
