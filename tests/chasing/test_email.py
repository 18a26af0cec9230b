"""E-mail through real backends: Django's file backend, and Django's SMTP backend talking to
an SMTP server started on 127.0.0.1 for the test. HTML and plain text, Vietnamese subject."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from cchc.chasing.models import Delivery
from cchc.chasing.services import run_reminders, send_pending
from tests.chasing.dept import at, mail_files, parts
from tests.chasing.smtp_sink import SMTPSink

D = date
pytestmark = pytest.mark.django_db
SUBJECT = "[CCHC] Còn 1 ngày làm việc đến hạn 18/03/2026: 1. Rà soát, công bố thủ tục hành chính. (12/KH-SCT)"


def one_reminder(dept):
    # The unit's staff member has no address here: one e-mail, to the head.
    dept.users["cv_cn"].email = ""
    dept.users["cv_cn"].save(update_fields=["email"])
    ob = dept.ob("QLCN", D(2026, 3, 18), text="Rà soát, công bố thủ tục hành chính.")
    run_reminders(now=at(D(2026, 3, 17)))
    return ob


def check_message(msg, dept):
    assert msg["Subject"] == SUBJECT
    assert msg["To"] == dept.users["truong_cn"].email
    assert msg.get_content_type() == "multipart/alternative"
    body = parts(msg)
    assert set(body) == {"text/plain", "text/html"}
    assert "Kính gửi Nghiệm Thử," in body["text/plain"]
    assert "còn 1 ngày làm việc nữa là đến hạn (18/03/2026)" in body["text/plain"]
    assert "Phòng Quản lý Công nghiệp" in body["text/plain"]
    assert "<strong>18/03/2026</strong>" in body["text/html"] and '<html lang="vi">' in body["text/html"]
    key = Delivery.objects.get(channel="email").key
    assert msg["X-CCHC-Key"] == key


def use_smtp(settings, port):
    settings.MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": "127.0.0.1", "port": port, "timeout": 5},
        }
    }


def test_file_backend(dept, mail_dir):
    one_reminder(dept)
    result = send_pending(now=at(D(2026, 3, 17)), worker_id="w")
    assert result.sent == 1
    (msg,) = mail_files(mail_dir)
    check_message(msg, dept)


def test_smtp_backend_to_a_real_server(dept, settings):
    one_reminder(dept)
    with SMTPSink() as sink:
        use_smtp(settings, sink.port)
        result = send_pending(now=at(D(2026, 3, 17)), worker_id="w")
        assert result.sent == 1
        (received,) = sink.messages
    assert received.rcpt_to == [dept.users["truong_cn"].email]
    assert received.mail_from == "cchc@localhost"
    check_message(received.message, dept)


def test_smtp_refusal_is_retried_later(dept, settings):
    one_reminder(dept)
    now = at(D(2026, 3, 17))
    with SMTPSink() as sink:
        use_smtp(settings, sink.port)
        sink.state.fail_next = 1
        result = send_pending(now=now, worker_id="w")
        assert (result.sent, result.failed) == (0, 1)
        d = Delivery.objects.get(channel="email")
        assert (d.state, d.attempts) == (Delivery.State.FAILED, 1)
        assert "451" in d.error
        # Not before the back-off (5 minutes after the first failure).
        assert send_pending(now=now + timedelta(minutes=2), worker_id="w").sent == 0
        assert send_pending(now=now + timedelta(minutes=6), worker_id="w").sent == 1
        assert len(sink.messages) == 1
    d.refresh_from_db()
    assert (d.state, d.attempts, d.error) == (Delivery.State.SENT, 2, "")


def test_smtp_server_down(dept, settings):
    one_reminder(dept)
    with SMTPSink() as sink:
        port = sink.port
    use_smtp(settings, port)  # nobody listens there any more
    result = send_pending(now=at(D(2026, 3, 17)), worker_id="w")
    assert result.failed == 1 and "Connection refused" in result.errors[0]
    assert Delivery.objects.get(channel="email").state == Delivery.State.FAILED


def test_gives_up_after_the_last_attempt(dept, settings):
    from cchc.chasing.outbox import MAX_ATTEMPTS

    one_reminder(dept)
    Delivery.objects.filter(channel="email").update(
        state=Delivery.State.FAILED, attempts=MAX_ATTEMPTS, claimed_at=at(D(2026, 3, 10))
    )
    assert send_pending(now=at(D(2026, 3, 17)), worker_id="w").sent == 0
