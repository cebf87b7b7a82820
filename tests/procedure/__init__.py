"""Tests of the procedure around the vote: owners' votes and their thresholds, the first
assembly's statutes, publication and objection periods, candidate conditions, owners' matters
on the agenda, 以居代业 and the lifecycle stages."""
