"""Evidence files over a real server on loopback (SQLite and PostgreSQL storage): one laptop
attaches a photo to a score and syncs, another pulls the row, sees the file 未下载 and fetches
it — bytes equal, sealed with its own key — also after reopening its data folder. The server
checks the hash, keeps to the rows' scope (another street's blob answers as a missing one),
refuses files over the limit with a code, and resumes an interrupted upload."""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from app import ratings
from app.errors import BadInput
from app.evidence_files import MAX_EVIDENCE_BYTES, folder_of, read_evidence, store_evidence
from app.sync.auth import connect
from app.sync.blobs import (
    CHUNK_BYTES,
    Evidence,
    fetch_files,
    fetch_missing,
    not_here,
    pending_uploads,
    upload_missing,
    upload_one,
)
from app.sync.client import NotFoundOnServer, SyncClient
from app.sync.errors import ServerRefused, ServerUnreachable, SyncError
from db.keys import read_marker
from db.models import Attachment, Compound, PropertyCompany
from db.store import open_store
from tests.sync.conftest import Device, community_of

MakeDevice = Callable[[str], Device]


def code_of(error: SyncError) -> str:
    return str((error.envelope or {}).get("code"))


def params_of(error: SyncError) -> dict[str, Any]:
    return dict((error.envelope or {}).get("params") or {})


def photo(tag: str, size: int = 3000) -> bytes:
    """Bytes no other test uses (so each test's blob is its own on the shared server)."""
    seed = hashlib.sha256(tag.encode()).digest()
    return (seed * (size // len(seed) + 1))[:size]


def new_score(device: Device) -> str:
    """A compound, an inspection of its company and one score (the first indicator)."""
    tag = uuid.uuid4().hex[:8]
    with device.store.transaction() as session:
        company = PropertyCompany(name=f"证据物业-{tag}")
        session.add(company)
        session.flush()
        compound = Compound(community_id=community_of(device), name=f"证据花园-{tag}",
                            property_company_id=company.id)
        session.add(compound)
        session.flush()
        inspection = ratings.start_inspection(session, compound_id=compound.id,
                                              inspected_on=date.today(), inspector="张三")
        indicator = ratings.template_indicators(session, inspection.template_id)[0]
        return ratings.set_score(session, inspection.id, indicator.id, "1", "扣分").id


def attach_to_new_score(device: Device, tmp_path: Path, content: bytes) -> Attachment:
    """`content` attached as a photo to a new score, through app.ratings as the scoring form
    does it."""
    source = tmp_path / f"现场照片-{uuid.uuid4().hex[:8]}.JPG"
    source.write_bytes(content)
    score_id = new_score(device)
    with device.store.transaction() as session:
        return ratings.attach_evidence(session, score_id, source, device.data_dir)


def bare_row(device: Device, content: bytes) -> str:
    """An attachment row naming `content`'s hash whose file this laptop does not have (so no
    sync uploads it); returns the hash."""
    digest = hashlib.sha256(content).hexdigest()
    with device.store.transaction() as session:
        compound = Compound(community_id=community_of(device),
                            name=f"空证据花园-{uuid.uuid4().hex[:8]}")
        session.add(compound)
        session.flush()
        session.add(Attachment(owner_table="compounds", owner_id=compound.id,
                               filename="scan.pdf", size_bytes=len(content), sha256=digest,
                               compound_id=compound.id))
    assert device.sync().refused == 0
    return digest


def test_round_trip_across_two_laptops_and_a_restart(make_device: MakeDevice,
                                                     tmp_path: Path) -> None:
    content = photo(f"round trip {uuid.uuid4()}")
    laptop = make_device("sup")
    attachment = attach_to_new_score(laptop, tmp_path, content)
    evidence = Evidence(attachment.sha256, attachment.filename)
    assert laptop.sync().refused == 0  # pushes the rows, then uploads the file

    other = make_device("cw")  # same street: pulls the rows
    assert evidence in not_here(other.store)  # 未下载
    with other.store.session() as session:
        listed = ratings.score_evidence(session, attachment.owner_id, other.data_dir)
    assert [(f.filename, f.here) for f in listed] == [(attachment.filename, False)]
    other.store.close()
    other.store = open_store(other.data_dir, actor="cw")  # restart: still 未下载, still fetchable
    assert evidence in not_here(other.store)
    steps: list[tuple[int, int]] = []

    class Steps:
        cancelled = False

        def report(self, done: int, total: int, text: str = "") -> None:
            steps.append((done, total))

    with connect(other.store) as client:
        report = fetch_missing(other.store, client, Steps())
    assert report.fetched >= 1 and not report.failed
    assert steps[-1][0] == steps[-1][1] and steps[-1][1] >= 1
    assert evidence not in not_here(other.store)
    assert read_evidence(other.data_dir, evidence.local_name) == content
    if read_marker(other.data_dir) is not None:  # an encrypted store: the file is sealed too
        assert content not in (folder_of(other.data_dir) / evidence.local_name).read_bytes()
    other.store.close()
    other.store = open_store(other.data_dir, actor="cw")
    with other.store.session() as session:
        listed = ratings.score_evidence(session, attachment.owner_id, other.data_dir)
    assert [f.here for f in listed] == [True]


def test_a_network_failure_leaves_the_file_to_fetch_later(make_device: MakeDevice,
                                                          tmp_path: Path) -> None:
    content = photo(f"offline {uuid.uuid4()}")
    laptop = make_device("cw")
    attachment = attach_to_new_score_as_caseworker(laptop, content)
    assert laptop.sync().refused == 0
    other = make_device("cw2")
    evidence = Evidence(attachment, "photo.jpg")
    with SyncClient("http://127.0.0.1:9", "no-token", retries=0) as dead, \
            pytest.raises(ServerUnreachable):
        fetch_missing(other.store, dead)
    assert evidence in not_here(other.store)  # still 未下载, nothing written
    assert not any(folder_of(other.data_dir).glob(f"{attachment}*"))
    with connect(other.store) as client:
        assert fetch_missing(other.store, client).fetched >= 1
    assert read_evidence(other.data_dir, evidence.local_name) == content


def attach_to_new_score_as_caseworker(device: Device, content: bytes) -> str:
    """A compound-owned photo attached by a caseworker (no template change to push)."""
    digest, _ = store_evidence(device.data_dir, content, ".jpg")
    with device.store.transaction() as session:
        compound = Compound(community_id=community_of(device),
                            name=f"照片花园-{uuid.uuid4().hex[:8]}")
        session.add(compound)
        session.flush()
        session.add(Attachment(owner_table="compounds", owner_id=compound.id,
                               filename="photo.jpg", size_bytes=len(content), sha256=digest,
                               compound_id=compound.id))
    return digest


def test_a_corrupted_upload_is_refused_and_nothing_is_kept(make_device: MakeDevice) -> None:
    content = photo(f"genuine {uuid.uuid4()}")
    laptop = make_device("cw")
    digest = bare_row(laptop, content)
    forged = photo(f"forged {uuid.uuid4()}", len(content))
    with connect(laptop.store) as client:
        with pytest.raises(ServerRefused) as refused:
            client.put_blob_chunk(digest, 0, len(forged), forged)
        assert code_of(refused.value) == "blob_hash_mismatch"
        state = client.blob_upload_state(digest)
        assert (state["received"], state["complete"]) == (0, False)
        assert client.blobs_missing([digest]) == [digest]
        with pytest.raises(NotFoundOnServer):
            client.get_blob(digest)
        upload_one(client, digest, content)  # the genuine bytes are then taken
        assert client.get_blob(digest) == content


def test_another_streets_device_cannot_fetch_or_upload(make_device: MakeDevice,
                                                       tmp_path: Path) -> None:
    content = photo(f"scope {uuid.uuid4()}")
    laptop = make_device("cw")
    digest = attach_to_new_score_as_caseworker(laptop, content)
    assert laptop.sync().refused == 0
    unknown = hashlib.sha256(b"nobody has this " + uuid.uuid4().bytes).hexdigest()
    stranger = make_device("other")  # 布吉街道
    with connect(stranger.store) as client:
        answers = []
        for name in (digest, unknown):  # the same answer for theirs and for nobody's
            with pytest.raises(NotFoundOnServer) as missing:
                client.get_blob(name)
            answers.append((code_of(missing.value), params_of(missing.value).keys()))
            with pytest.raises(NotFoundOnServer) as upload:
                client.put_blob_chunk(name, 0, len(content), content)
            assert code_of(upload.value) == "blob_not_found"
            with pytest.raises(NotFoundOnServer):
                client.blob_upload_state(name)
        assert answers[0] == answers[1] == ("blob_not_found", {"sha256"})
        assert client.blobs_missing([digest, unknown]) == [digest, unknown]
        head = client._http.head(f"/blobs/{digest}")
        assert head.status_code == 404
    with connect(laptop.store) as client:  # its own street's laptop still gets it
        assert client.get_blob(digest) == content


def test_files_over_the_limit_are_refused_with_a_code(make_device: MakeDevice,
                                                      tmp_path: Path) -> None:
    laptop = make_device("cw")
    digest = bare_row(laptop, photo(f"big {uuid.uuid4()}"))
    with connect(laptop.store) as client:
        with pytest.raises(ServerRefused) as refused:
            client.put_blob_chunk(digest, 0, MAX_EVIDENCE_BYTES + 1, b"x" * 10)
        assert code_of(refused.value) == "blob_too_large"
        assert params_of(refused.value)["limit_mib"] == MAX_EVIDENCE_BYTES // 2**20
        assert client.blob_upload_state(digest)["received"] == 0
    big = tmp_path / "big.pdf"
    with big.open("wb") as handle:  # sparse: no 20 MiB written
        handle.truncate(MAX_EVIDENCE_BYTES + 1)
    score_id = new_score(laptop)  # (not synced: a caseworker's template use stays local)
    with laptop.store.transaction() as session, pytest.raises(BadInput) as local:
        ratings.attach_evidence(session, score_id, big, laptop.data_dir)
    assert local.value.code == "rating.evidence_too_large"
    assert not any(folder_of(laptop.data_dir).glob("*.pdf"))


def test_an_interrupted_upload_resumes_where_it_stopped(make_device: MakeDevice) -> None:
    content = photo(f"resume {uuid.uuid4()}", 2 * CHUNK_BYTES + 1234)
    laptop = make_device("cw")
    digest = bare_row(laptop, content)
    with connect(laptop.store) as client:
        first = client.put_blob_chunk(digest, 0, len(content), content[:CHUNK_BYTES])
        assert (first["received"], first["complete"]) == (CHUNK_BYTES, False)
        # The connection broke here; a chunk that is not where the server's copy ends is told
        # where to go on.
        with pytest.raises(SyncError) as clash:
            client.put_blob_chunk(digest, 2 * CHUNK_BYTES, len(content), content[-1234:])
        assert code_of(clash.value) == "blob_offset_mismatch"
        assert params_of(clash.value)["received"] == CHUNK_BYTES
        # Resuming sends only what the server lacks: the first chunk given here is garbage,
        # and the file still completes with the genuine bytes the server kept.
        garbled = bytes(CHUNK_BYTES) + content[CHUNK_BYTES:]
        upload_one(client, digest, garbled)
        assert client.get_blob(digest) == content
        assert client.blobs_missing([digest]) == []


def test_a_file_altered_here_is_not_sent_and_the_sync_still_completes(
    make_device: MakeDevice,
) -> None:
    content = photo(f"altered {uuid.uuid4()}")
    laptop = make_device("cw")
    digest = attach_to_new_score_as_caseworker(laptop, content)
    path = folder_of(laptop.data_dir) / f"{digest}.jpg"
    damaged = bytearray(path.read_bytes())
    damaged[-1] ^= 0xFF  # a sealed file fails its tag; a plain one its hash on the server
    path.write_bytes(bytes(damaged))
    report = laptop.sync()
    assert report.refused == 0 and report.pushed >= 2  # the rows went
    assert len(report.warnings) == 1, report.warnings
    with connect(laptop.store) as client:
        assert client.blobs_missing([digest]) == [digest]  # nothing of it kept
        assert client.blob_upload_state(digest)["received"] == 0


def test_a_sync_with_nothing_new_pushed_looks_at_no_file(make_device: MakeDevice) -> None:
    """An upload pass looks only at the files of rows pushed since the last pass and those a
    pass left unconfirmed: once a file is on the server, later syncs read no file, and an
    altered file stays pending (warned again) until it can go."""
    laptop = make_device("cw")
    sent = attach_to_new_score_as_caseworker(laptop, photo(f"sent {uuid.uuid4()}"))
    assert not laptop.sync().warnings
    content = photo(f"pending {uuid.uuid4()}")
    digest = attach_to_new_score_as_caseworker(laptop, content)
    path = folder_of(laptop.data_dir) / f"{digest}.jpg"
    kept = path.read_bytes()
    damaged = bytearray(kept)
    damaged[-1] ^= 0xFF
    path.write_bytes(bytes(damaged))
    assert len(laptop.sync().warnings) == 1  # pushed, its file refused: pending
    with connect(laptop.store) as client:
        assert pending_uploads(laptop.store, client.base_url) == {digest}
        again = upload_missing(laptop.store, client)
        assert (again.checked, again.uploaded, len(again.errors)) == (1, 0, 1)
        path.write_bytes(kept)  # mended: the next pass sends it
        mended = upload_missing(laptop.store, client)
        assert (mended.checked, mended.uploaded, mended.failed) == (1, 1, [])
        assert pending_uploads(laptop.store, client.base_url) == set()
        assert client.blobs_missing([sent, digest]) == []
    assert not laptop.sync().warnings
    with connect(laptop.store) as client:
        idle = upload_missing(laptop.store, client)
    assert (idle.checked, idle.uploaded, idle.failed) == (0, 0, [])


def test_a_server_copy_longer_than_the_file_is_started_over(make_device: MakeDevice) -> None:
    """The server holds more of this hash than the file has (an upload with a wrong total):
    the upload starts over instead of asking for the same place again and again."""
    content = photo(f"longer {uuid.uuid4()}", 5000)
    laptop = make_device("cw")
    digest = bare_row(laptop, content)
    with connect(laptop.store) as client:
        client.put_blob_chunk(digest, 0, len(content) + 900, content + bytes(400))
        assert client.blob_upload_state(digest)["received"] == len(content) + 400
        upload_one(client, digest, content)
        assert client.get_blob(digest) == content


def compound_file(device: Device, content: bytes, filename: str) -> str:
    """`content` kept here and attached to a new compound under `filename`; returns the hash."""
    digest, _ = store_evidence(device.data_dir, content, Path(filename).suffix)
    with device.store.transaction() as session:
        compound = Compound(community_id=community_of(device),
                            name=f"附件花园-{uuid.uuid4().hex[:8]}")
        session.add(compound)
        session.flush()
        session.add(Attachment(owner_table="compounds", owner_id=compound.id,
                               filename=filename, size_bytes=len(content), sha256=digest,
                               compound_id=compound.id))
    return digest


def test_a_long_suffix_is_left_off_the_local_name_and_one_unsaved_file_stops_no_other(
    make_device: MakeDevice,
) -> None:
    laptop = make_device("cw")
    long_name = "扫描件." + "x" * 190  # the server takes names up to 200 characters
    odd, plain = photo(f"long suffix {uuid.uuid4()}"), photo(f"plain {uuid.uuid4()}")
    odd_digest = compound_file(laptop, odd, long_name)
    assert (folder_of(laptop.data_dir) / odd_digest).is_file()  # no suffix kept
    blocked_content = photo(f"blocked {uuid.uuid4()}")
    blocked = compound_file(laptop, blocked_content, "现场.JPG")
    plain_digest = compound_file(laptop, plain, "照片.Jpeg")
    synced = laptop.sync()
    assert synced.refused == 0 and not synced.warnings
    other = make_device("cw2")
    # A folder where the file's temporary copy would go: writing it fails (OSError).
    (folder_of(other.data_dir) / f"{blocked}.jpg.sealing").mkdir(parents=True)
    wanted = [Evidence(odd_digest, long_name), Evidence(blocked, "现场.JPG"),
              Evidence(plain_digest, "照片.Jpeg")]
    report = fetch_files(other.store, wanted)
    assert [getattr(e, "code", None) for e in report.errors] == ["sync.local.blob_not_saved"]
    assert report.fetched == 2
    assert read_evidence(other.data_dir, Evidence(odd_digest, long_name).local_name) == odd
    assert read_evidence(other.data_dir, f"{plain_digest}.jpeg") == plain
    assert Evidence(blocked, "现场.JPG") in not_here(other.store)  # still 未下载
    (folder_of(other.data_dir) / f"{blocked}.jpg.sealing").rmdir()
    assert fetch_files(other.store, wanted).errors == []
    assert read_evidence(other.data_dir, f"{blocked}.jpg") == blocked_content


def test_a_file_deleted_after_attaching_stays_pending_and_goes_once_put_back(
    make_device: MakeDevice,
) -> None:
    laptop = make_device("cw")
    content = photo(f"deleted {uuid.uuid4()}")
    digest = compound_file(laptop, content, "现场.jpg")
    path = folder_of(laptop.data_dir) / f"{digest}.jpg"
    kept = path.read_bytes()
    path.unlink()
    report = laptop.sync()
    assert report.refused == 0 and len(report.warnings) == 1, report.warnings
    assert digest[:12] in report.warnings[0]
    with connect(laptop.store) as client:
        assert pending_uploads(laptop.store, client.base_url) == {digest}
        assert client.blobs_missing([digest]) == [digest]
    assert len(laptop.sync().warnings) == 1  # warned again while it is gone
    path.write_bytes(kept)  # put back
    assert not laptop.sync().warnings
    with connect(laptop.store) as client:
        assert pending_uploads(laptop.store, client.base_url) == set()
        assert client.get_blob(digest) == content
