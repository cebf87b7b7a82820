"""An early re-election pushed with no trigger (or one its kind does not know) cannot be carried
past its 筹备时机关 on the server, even with a genuinely signed approval of what the server holds:
the trigger is what makes it lawful (深圳条例第四十一条, [kinds.early] is law), and the client's
own sign-off refuses it as a law failure. A by-election is a district setting: its missing trigger
may be overridden with a reason, on the client and so on the server."""

from __future__ import annotations

import pytest

from app.sync.reasons import readable_reason
from tests.server.helpers import STREET_A, District, ServerHandle
from tests.server.test_gate import approve, change, new_election
from tests.server.test_security import Signer


@pytest.mark.parametrize("kind, after, trigger", [("early", "group_formed", "too_few")])
def test_no_trigger_no_way_past_the_timing_checkpoint(server: ServerHandle, district: District,
                                                      kind: str, after: str, trigger: str) -> None:
    caseworker = server.user("caseworker", STREET_A)
    signer = Signer(caseworker)
    election = new_election(caseworker, district, kind=kind, applied_on="2026-02-01")["row"]["id"]
    assert change(caseworker, election, stage="checkpoint_timing")["status"] == "applied"
    for hostile in (None, "zzz", "removal" if kind == "by_election" else "vacancies"):
        assert change(caseworker, election, trigger=hostile)["status"] in ("applied", "merged")
        approve(server, signer, caseworker, election, "timing")  # signs what the server holds
        refused = change(caseworker, election, stage=after)
        assert refused["status"] == "refused" and "trigger" in refused["reason"], (hostile, refused)
        said = readable_reason(refused)
        assert not said.startswith("服务器：") and "refused" not in said, said
    assert change(caseworker, election, trigger=trigger)["status"] == "applied"
    approve(server, signer, caseworker, election, "timing")
    assert change(caseworker, election, stage=after)["status"] == "applied"


def test_a_by_elections_missing_trigger_may_be_overridden(server: ServerHandle,
                                                          district: District) -> None:
    caseworker = server.user("caseworker", STREET_A)
    signer = Signer(caseworker)
    election = new_election(caseworker, district, kind="by_election")["row"]["id"]
    assert change(caseworker, election, stage="checkpoint_timing")["status"] == "applied"
    approve(server, signer, caseworker, election, "timing")
    assert change(caseworker, election, stage="candidates_nominated")["status"] == "applied"
