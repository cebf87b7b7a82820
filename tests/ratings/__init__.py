"""Tests of the property-company star rating and the branch evaluations (issue 8)."""
