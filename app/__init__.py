"""Domain logic and services (pure Python, never Qt): elections, agenda, coverage, import/export,
sync client, printing. The UI and the CLI both call in here."""

__version__ = "0.1.0"
