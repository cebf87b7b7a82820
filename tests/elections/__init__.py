"""Tests of owners' committee elections: rules, tally, signing, workflow, checks, UI."""
