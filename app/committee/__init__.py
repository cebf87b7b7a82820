"""The owners' committee after the vote: seating from the tally (members and 候补委员), the first
meeting and its officers, vacancies and the alternates who fill them, the 换届 countdown, filing
(备案) and the checks of the elected committee. Rules come from `[term]` (app/rules_term.py)."""
