"""PySide6 widgets, dialogs and item models. Calls app/, never writes SQL."""
