"""Readying the printing code ahead of the first print, off the UI thread.

Kept apart from fonts.py so the font module never imports the layout (layout imports fonts only):
warming up is the one step that needs both.
"""

from __future__ import annotations

from pathlib import Path

from app.printing.fonts import cache_dir_for, register_fonts, use_cache_dir
from app.printing.reportlab_import import import_paragraph


def warm_up(data_dir: Path) -> None:
    """Register the fonts (metrics cache and family index in `data_dir`) and import the
    renderer, so the first preview or print does not pay for them; safe to call from a
    background thread."""
    use_cache_dir(cache_dir_for(data_dir))
    register_fonts()
    import_paragraph()  # before layout pulls in reportlab's paragraph module
    import app.printing.layout  # noqa: F401
