"""Owners' votes (业主表决): matters the owners' assembly decides by the dual-threshold tally of
Civil Code Art. 278 — a first election's 管理规约 and 议事规则, agenda items that are the owners'
to decide, removals. One module per job: figures and outcome (outcome), recording and listing
(records), the first assembly's statute votes (first_assembly)."""
