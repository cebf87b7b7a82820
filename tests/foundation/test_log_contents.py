"""What the log says after real work: what was done (migrated, printed, signed), and never an
owner's name, a phone number, a password or a key."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import select

from app import logs
from db.store import Store


def test_the_log_says_what_was_done_and_holds_no_personal_data(
        log_folder: Path, store: Store, tmp_path: Path) -> None:
    from app.demo import generate
    from db.models import Unit
    from ui.printing.preview import document_pdf

    generate(store, "small")
    with store.session() as session:
        owners = [(u.owner_name, u.phone) for u in session.scalars(select(Unit).limit(400))]
        from db.models import Election

        election = session.scalars(select(Election).where(Election.stage == "filed")).first()
        assert election is not None
    built = document_pdf(store, "result-notice", election.id)
    assert built.pdf.startswith(b"%PDF")
    text = (log_folder / logs.LOG_FILE).read_text(encoding="utf-8")
    assert f"printed result-notice for {election.id}" in text
    assert "signed " in text  # the demo's sign-offs went through the real workflow
    names = {name for name, _phone in owners if name and len(name) >= 2}
    phones = {phone for _name, phone in owners if phone}
    assert names and not [n for n in names if n in text]
    assert not [p for p in phones if p in text]
    assert "password" not in text.lower() and "token" not in text.lower()
