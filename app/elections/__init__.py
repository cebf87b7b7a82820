"""Owners' committee elections: the workflow and its guards, the three checkpoints and their
checks, the owners' register as the 2009 rules count it, ballots, and the Civil Code tally."""
