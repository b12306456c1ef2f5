"""Overdue and due-soon actions at a fixed clock; evidence files checked by content."""

from __future__ import annotations

import hashlib
import io
import zipfile
from datetime import timedelta

import pytest
from sqlalchemy import func, select, update

from supplychain.db.models import Attachment, CorrectiveAction
from supplychain.services.errors import ServiceError
from supplychain.services.remediation import actions, attachments
from tests.integration.conftest import csrf_from, login
from tests.integration.remediation.conftest import TODAY, add_action, add_finding, user
from tests.integration.remediation.world import PDF, post_with_pdf

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def _docx() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
        zf.writestr("word/document.xml", "<w:document/>")
    return out.getvalue()


def _zip(**parts: bytes) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in parts.items():
            zf.writestr(name, data)
    return out.getvalue()


def test_overdue_and_due_soon_at_a_fixed_clock(db, settings, seeded_a) -> None:
    finding = add_finding(db, settings, seeded_a)
    due = {  # name -> (days from TODAY, status)
        "late open": (-1, "open"),
        "late escalated": (-30, "escalated"),
        "late awaiting check": (-2, "pending_verification"),
        "late but verified": (-5, "verified_closed"),
        "late but cancelled": (-5, "cancelled"),
        "due today": (0, "in_progress"),
        "due in 14 days": (14, "open"),
        "due in 15 days": (15, "open"),
    }
    ids = {}
    for name, (days, status) in due.items():
        ids[name] = add_action(db, seeded_a, finding, TODAY + timedelta(days=days))
        with db.transaction() as s:
            s.execute(
                update(CorrectiveAction)
                .where(CorrectiveAction.id == ids[name])
                .values(status=status, title=name)
            )
    with db.reading() as s:
        lists = actions.due(s, seeded_a.tenant.company_id, TODAY)
        overdue = [a.title for a, _, _ in lists["overdue"]]
        soon = [a.title for a, _, _ in lists["due_soon"]]
        flags = {a.title: actions.is_overdue(a, TODAY) for a in s.scalars(select(CorrectiveAction))}
    assert overdue == ["late escalated", "late awaiting check", "late open"]
    assert soon == ["due today", "due in 14 days"]
    assert {n for n, late in flags.items() if late} == set(overdue)
    with db.reading() as s:
        tomorrow = actions.due(s, seeded_a.tenant.company_id, TODAY + timedelta(days=1))
    assert "due today" in [a.title for a, _, _ in tomorrow["overdue"]]


def test_due_page_lists_the_company_actions(app, db, settings, seeded_a) -> None:
    finding = add_finding(db, settings, seeded_a)
    add_action(db, seeded_a, finding, TODAY - timedelta(days=400))
    client = app.test_client()
    login(client, seeded_a.tenant.emails["executive"])
    page = client.get("/remediation/actions/due").get_data(as_text=True)
    assert "Return all passports" in page and "days late" in page


@pytest.mark.parametrize(
    ("name", "content", "problem"),
    [
        ("report.pdf", b"MZ\x90\x00" + b"\x00" * 200, "not accepted"),
        ("photo.png", b"\x7fELF\x02\x01" + b"\x00" * 200, "not accepted"),
        ("empty.pdf", b"", "empty"),
        ("archive.docx", _zip(**{"evil.exe": b"MZ" * 100}), "not an Office document"),
        (
            "payroll.xlsx",
            _zip(
                **{
                    "[Content_Types].xml": b"<T/>",
                    "xl/workbook.xml": b"<w/>",
                    "xl/vbaProject.bin": b"x",
                }
            ),
            "macros",
        ),
        (
            "bomb.docx",
            _zip(
                **{
                    "[Content_Types].xml": b"<T/>",
                    "word/document.xml": b"<w>" + b"a" * 30_000_000 + b"</w>",
                }
            ),
            "expands",
        ),
        ("page.txt", b"<html><script>alert(1)</script></html>", "not accepted"),
        ("receipt.png", PDF, "content is PDF"),
        ("notes.txt", "Überweisung".encode("cp1252") + b"\xff\xfe\x00", "not accepted"),
    ],
    ids=lambda v: v if isinstance(v, str) and "." in v else "",
)
def test_bad_attachments_are_refused(db, settings, seeded_a, tmp_path, name, content, problem):
    finding = add_finding(db, settings, seeded_a)
    path = tmp_path / "upload.bin"
    path.write_bytes(content)
    with db.transaction() as s, pytest.raises(ServiceError, match=problem):
        attachments.store(
            s, settings, seeded_a.tenant.company_id, None, path, name, finding_id=finding
        )
    with db.reading() as s:
        assert s.scalar(select(func.count()).select_from(Attachment)) == 0
    stored = attachments.attachments_dir(settings)
    assert not stored.exists() or not any(p.is_file() for p in stored.rglob("*.bin"))


def test_oversized_attachment_is_refused(db, settings, seeded_a, tmp_path) -> None:
    path = tmp_path / "big.pdf"
    path.write_bytes(PDF + b"0" * 2048)
    finding = add_finding(db, settings, seeded_a)
    with db.transaction() as s, pytest.raises(ServiceError, match="over the 0 MB limit"):
        attachments.store(
            s,
            settings,
            seeded_a.tenant.company_id,
            None,
            path,
            path.name,
            finding_id=finding,
            max_bytes=1024,
        )


def test_good_attachments_are_stored_hashed_and_served_safely(app, db, settings, seeded_a):
    finding = add_finding(db, settings, seeded_a)
    client = app.test_client()
    login(client, seeded_a.tenant.emails["compliance"])
    token = csrf_from(client.get(f"/remediation/findings/{finding}").get_data(as_text=True))
    files = {
        "receipt.pdf": PDF,
        "photo.png": PNG,
        "plan.docx": _docx(),
        "../../etc/payments.csv": b"worker,amount\nA,10\n",
    }
    for name, content in files.items():
        answer = client.post(
            f"/remediation/findings/{finding}/attachments",
            data={"csrf_token": token, "file": (io.BytesIO(content), name)},
            content_type="multipart/form-data",
            follow_redirects=True,
        )
        assert "Evidence attached." in answer.get_data(as_text=True), name
    with db.reading() as s:
        stored = list(s.scalars(select(Attachment).order_by(Attachment.id)))
    assert [a.file_name for a in stored] == [
        "receipt.pdf",
        "photo.png",
        "plan.docx",
        "payments.csv",
    ]
    for a in stored:
        assert a.stored_path.endswith(".bin") and "payments" not in a.stored_path
        served = client.get(f"/remediation/attachments/{a.id}")
        assert served.status_code == 200
        assert served.headers["Content-Disposition"].startswith("attachment;")
        assert served.headers["X-Content-Type-Options"] == "nosniff"
        assert served.data == next(v for k, v in files.items() if k.endswith(a.file_name))
        assert hashlib.sha256(served.data).hexdigest() == a.sha256
    assert stored[3].content_type.startswith("text/plain")
    page = client.get(f"/remediation/findings/{finding}").get_data(as_text=True)
    assert page.count("<td>the finding</td>") == 4


def test_request_over_the_upload_cap_is_413(app, db, settings, seeded_a) -> None:
    finding = add_finding(db, settings, seeded_a)
    client = app.test_client()
    login(client, seeded_a.tenant.emails["compliance"])
    token = csrf_from(client.get(f"/remediation/findings/{finding}").get_data(as_text=True))
    huge = io.BytesIO(PDF + b"0" * (settings.max_upload_bytes + 1))
    answer = client.post(
        f"/remediation/findings/{finding}/attachments",
        data={"csrf_token": token, "file": (huge, "huge.pdf")},
        content_type="multipart/form-data",
    )
    assert answer.status_code == 413
    with db.reading() as s:
        assert s.scalar(select(func.count()).select_from(Attachment)) == 0
        assert user(s, seeded_a.tenant.emails["compliance"]) is not None


def test_evidence_of_a_refused_remedy_entry_leaves_no_file(app, db, settings, seeded_a) -> None:
    """The payment evidence is stored before the entry is checked; when the entry is refused
    the whole change rolls back, the stored copy included."""
    finding = add_finding(db, settings, seeded_a)
    client = app.test_client()
    login(client, seeded_a.tenant.emails["compliance"])
    token = csrf_from(client.get(f"/remediation/findings/{finding}").get_data(as_text=True))
    page = post_with_pdf(
        client,
        f"/remediation/findings/{finding}/remedy",
        {
            "csrf_token": token,
            "kind": "wages",
            "currency": "USD",
            "amount_owed": "100.00",
            "amount_repaid": "150.00",
        },
        "bank-transfer.pdf",
    )
    assert "would exceed the amount owed" in page
    with db.reading() as s:
        assert s.scalar(select(func.count()).select_from(Attachment)) == 0
    assert not any(attachments.attachments_dir(settings).rglob("*.bin"))
    answer = client.post(
        f"/remediation/findings/{finding}/attachments",
        data={"csrf_token": token, "file": (io.BytesIO(PDF), "kept.pdf")},
        content_type="multipart/form-data",
    )
    assert answer.status_code == 302
    assert len(list(attachments.attachments_dir(settings).rglob("*.bin"))) == 1
