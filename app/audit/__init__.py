"""`audit`: every election, committee and agenda item in the local store checked against the
rules as of each stage it passed. One module per family of checks (checkpoints, membership,
periods, agenda), a registry that runs them, and findings as code + params so any screen can
word them in its own language (app.audit.messages holds the Chinese wording)."""

from app.audit.findings import Finding, Report
from app.audit.registry import FAMILIES, run_audit

__all__ = ["FAMILIES", "Finding", "Report", "run_audit"]
