"""Election notices, one module each (the `notice` KINDs point here): the group's formation,
the candidates, the owners' assembly vote, the result. What they share about the election is in
election_context (who organises and issues) and election_parts (tables and figures)."""

from __future__ import annotations

from app.printing.documents.election_candidates import candidates_notice
from app.printing.documents.election_context import ElectionContext, candidates_of, load
from app.printing.documents.election_group import preparatory_notice
from app.printing.documents.election_result import result_notice, tally_of
from app.printing.documents.election_vote import election_notice

__all__ = ["ElectionContext", "candidates_notice", "candidates_of", "election_notice", "load",
           "preparatory_notice", "result_notice", "tally_of"]
