"""The owners' committee after the vote: members and alternates, first meeting and officers,
vacancies, filing checklist, checks and the 换届 countdown (app/committee)."""
