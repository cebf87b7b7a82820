"""The committee after the vote: seating, officers, vacancies, filing, countdown, checks, audit, view."""
