"""Property-company star rating: templates (areas → indicators), inspections, scores, star bands,
history, rankings per street and a company's trend.

The indicator list is a district setting kept in `resources/rules/rating_template.toml` (the
official list of "8 areas, 58 indicators" is not public; reading and checking that file is
app.rating_files). A template that any inspection uses is never edited in place: an edit makes a
new version, and a finished inspection keeps the total, percentage and stars it was given. All
arithmetic is exact `Decimal`.

The parts: `templates` (content in the store, who may edit), `versioning` (saving, new
versions), `scoring` (arithmetic), `inspections` (scores, the sheet, finishing), `evidence`
(files attached to scores), `history` (history, ranking, trend). Callers import from here.
"""

from __future__ import annotations

from app.errors import BadInput
from app.rating_files import (
    BANDS_FILE,
    DEFAULT_TEMPLATE_FILE,
    AreaSpec,
    Band,
    IndicatorSpec,
    TemplateFileError,
    TemplateSpec,
    load_bands,
    load_template_file,
)
from app.ratings.evidence import (
    ATTACHMENTS_FOLDER,
    SCORE_OWNER_TABLE,
    EvidenceFile,
    attach_evidence,
    attachments_dir,
    evidence_counts,
    score_evidence,
)
from app.ratings.history import (
    InspectionRow,
    RankingRow,
    TrendPoint,
    companies,
    company_history,
    company_trend,
    compound_history,
    compounds_with_company,
    draft_inspections,
    street_ranking,
    streets,
)
from app.ratings.inspections import (
    CLOSED_AGENDA_STAGES,
    PROBLEMS_SHOWN,
    AgendaLink,
    Progress,
    Sheet,
    SheetRow,
    describe_problems,
    finish_inspection,
    inspection_sheet,
    open_agenda_by_area,
    set_score,
    start_inspection,
)
from app.ratings.scoring import (
    CENT,
    HUNDRED,
    Score,
    exact_percent,
    parse_points,
    points_text,
    score_of,
    star_band,
    stars_text,
)
from app.ratings.templates import (
    spec_of,
    template_bands,
    template_editing_refused,
    template_in_use,
    template_indicators,
    template_label,
)
from app.ratings.versioning import (
    current_template,
    import_template_file,
    revise_indicator,
    save_template,
)

__all__ = [
    "ATTACHMENTS_FOLDER", "BANDS_FILE", "CENT", "CLOSED_AGENDA_STAGES", "DEFAULT_TEMPLATE_FILE",
    "HUNDRED", "PROBLEMS_SHOWN", "SCORE_OWNER_TABLE", "AgendaLink", "AreaSpec", "BadInput",
    "Band", "EvidenceFile", "IndicatorSpec", "InspectionRow", "Progress", "RankingRow", "Score", "Sheet",
    "SheetRow", "TemplateFileError", "TemplateSpec", "TrendPoint", "attach_evidence",
    "attachments_dir", "companies", "company_history", "company_trend", "compound_history",
    "compounds_with_company", "current_template", "describe_problems", "draft_inspections",
    "evidence_counts", "exact_percent", "finish_inspection", "import_template_file",
    "inspection_sheet", "load_bands", "load_template_file", "open_agenda_by_area",
    "parse_points", "points_text", "revise_indicator", "save_template", "score_evidence",
    "score_of", "set_score",
    "spec_of", "star_band", "stars_text", "start_inspection", "street_ranking", "streets",
    "template_bands", "template_editing_refused", "template_in_use", "template_indicators",
    "template_label",
]
