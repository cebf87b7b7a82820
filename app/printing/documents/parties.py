"""Who sits at a compound's table and answers for it, as paper names them: where no owners'
committee sits, the community's residents' committee takes its seat (以居代业, app.standing_in) —
at meetings, among the parties, as a responsible party — so no paper names a 业主委员会 that does
not exist. Shared by the meeting papers and the answer notice."""

from __future__ import annotations

from app.agenda_rules import load_rules as agenda_rules
from app.printing.data import Place
from app.standing_in import COMMITTEE_ROLE, committee_name, has_committee, roles_for

# The rule every 听、议、定 paper rests on.
PARTY_LEADS = "《深圳经济特区物业管理条例》第五条"
COMMITTEE_WORDS = ("业主委员会", "业委会")


# The screen's short names of the parties, written out in full on paper.
PAPER_NAMES = {"业委会": "业主委员会", "物业企业": "物业服务企业"}


def table_roles(place: Place) -> dict[str, str]:
    """The parties as this compound has them (以居代业: the residents' committee in the
    committee's seat), plus the stored keys of every role so old rows still read; named in
    full as paper writes them (业主委员会, not 业委会)."""
    rules = agenda_rules().roles
    roles = {**rules, **roles_for(place.compound, rules),
             **({} if has_committee(place.compound) else
                {COMMITTEE_ROLE: committee_name(place.compound)})}
    return {key: PAPER_NAMES.get(label, label) for key, label in roles.items()}


def seat_of_committee(place: Place) -> str:
    """Who sits in the owners' committee's place, named in full for a notice: the committee,
    or (以居代业) the community's residents' committee — never a 业主委员会 the compound lacks."""
    if has_committee(place.compound):
        return "业主委员会"
    acting = "（以居代业）" if place.compound.residents_committee_acting else ""
    return f"{place.community_name}居民委员会{acting}"


def party_text(value: str, place: Place) -> str:
    """A responsible party as typed, with a committee the compound does not have replaced by
    who sits in its seat (a colleague may have typed 业主委员会 before the committee ended)."""
    value = value.strip()
    if not value or has_committee(place.compound):
        return value
    seat = f"{place.community_name}居民委员会"
    for word in COMMITTEE_WORDS:
        value = value.replace(word, seat)
    return value
