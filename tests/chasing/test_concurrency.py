"""Two ``cchc remind --once`` processes started at the same time against PostgreSQL: every
reminder is decided once and e-mailed once. And a real ``cchc worker`` process stopped by
SIGTERM.

The processes must see the test's data, so the data is committed (``transactional_db``)
and they are pointed at pytest-django's test database by ``DATABASE_URL``. SQLite is
skipped: its test database lives in this process's memory.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections import Counter
from datetime import date

import psycopg
import pytest
from django.db import connection

from cchc.chasing.models import Delivery, Notification, PassRun
from tests.chasing.dept import mail_files, make_dept
from tests.paths import REPO_DIR

D = date
# A Tuesday when no report upward falls due (reporting's pass stays silent: these counts are
# the reminders').
NOW = "2026-04-14T08:00"

pytestmark = [pytest.mark.postgres_only, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def postgres_only():
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL (run with DATABASE_URL=postgres://…)")


def process_env(mail_dir) -> dict[str, str]:
    s = connection.settings_dict
    url = f"postgres://{s['USER']}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{s['NAME']}"
    return dict(
        os.environ,
        DATABASE_URL=url,
        CCHC_EMAIL_BACKEND="file",
        CCHC_EMAIL_FILE_PATH=str(mail_dir),
        CCHC_DB_CONN_MAX_AGE="0",
        CCHC_LOG_LEVEL="WARNING",
    )


def remind(env) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "cchc.cli", "remind", "--once", "--now", NOW],
        cwd=REPO_DIR,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def busy_department(cap: int = 1000):
    """On 14/4/2026: 240 "due tomorrow" obligations of three units (320 reminders: Công
    nghiệp's head and staff), 40 obligations three working days overdue escalated to two
    people, 10 reminders in the app only."""
    dept = make_dept()
    dept.org.weekly_message_cap = cap
    dept.org.save()
    for i in range(240):
        dept.ob(("QLCN", "QLTM", "TTRA")[i % 3], D(2026, 4, 15))
    for _ in range(40):
        dept.ob("QLTM", D(2026, 4, 9))
    for _ in range(10):
        dept.ob("QLNL", D(2026, 4, 15))
    return dept


def run_two(env) -> list[tuple[int, str, str]]:
    """Both processes, released at the same instant: the test holds a lock on the table of
    runs, so each waits at the start of its first job until both are waiting there."""
    gate, watch = pg_connect(), pg_connect(autocommit=True)
    procs: list[subprocess.Popen] = []
    try:
        gate.execute(f"LOCK TABLE {PassRun._meta.db_table} IN ACCESS EXCLUSIVE MODE")
        procs = [remind(env), remind(env)]
        deadline = time.monotonic() + 120
        while waiting(watch) < 2:
            assert all(p.poll() is None for p in procs), [p.communicate() for p in procs]
            assert time.monotonic() < deadline, "the processes did not reach the gate"
            time.sleep(0.05)
        gate.rollback()  # opens the gate
        out = []
        for p in procs:
            stdout, stderr = p.communicate(timeout=300)
            out.append((p.returncode, stdout, stderr))
    finally:
        gate.close()
        watch.close()
        for p in procs:
            if p.poll() is None:
                p.kill()
                p.wait()
    print("\n" + "\n".join(o[1].strip() for o in out))
    return out


def pg_connect(autocommit: bool = False) -> psycopg.Connection:
    s = connection.settings_dict
    return psycopg.connect(
        host=s["HOST"] or "127.0.0.1",
        port=s["PORT"] or 5432,
        user=s["USER"],
        dbname=s["NAME"],
        autocommit=autocommit,
    )


def waiting(watch: psycopg.Connection) -> int:
    """Backends of the test database waiting for a lock."""
    row = watch.execute(
        "SELECT count(*) FROM pg_stat_activity"
        " WHERE datname = current_database() AND wait_event_type = 'Lock'"
    ).fetchone()
    return row[0]


def test_two_processes_send_each_reminder_once(tmp_path):
    busy_department()
    mail_dir = tmp_path / "mail"
    env = process_env(mail_dir)
    results = run_two(env)
    for code, stdout, stderr in results:
        assert code == 0, stderr
        assert "reminders:" in stdout and "send:" in stdout

    deliveries = list(Delivery.objects.all())
    assert len(deliveries) == 320 + 40 * 2 + 10
    assert len({d.key for d in deliveries}) == len(deliveries)
    email = [d for d in deliveries if d.channel == "email"]
    assert len(email) == 400
    assert {d.state for d in email} == {Delivery.State.SENT}
    assert {d.attempts for d in email} == {1}
    # In the app: released once, by one of the two processes.
    app = [d for d in deliveries if d.channel == "app"]
    assert len(app) == 10 and {d.state for d in app} == {Delivery.State.SENT}
    # Each delivery has its own notification, and no notification was left behind by the loser.
    assert Notification.objects.count() == len(deliveries)
    assert len({d.notification_id for d in deliveries}) == len(deliveries)

    # Every e-mail written once by the file backend, whichever process sent it.
    written = Counter(m["X-CCHC-Key"] for m in mail_files(mail_dir))
    assert set(written) == {d.key for d in email}
    assert set(written.values()) == {1}
    workers = Counter(d.claimed_by for d in email)
    print(f"\nsent by: {dict(workers)}")  # both usually share the work; correctness does not depend on it

    # A third run at the same moment decides and sends nothing.
    code, stdout, stderr = run_two(env)[0]
    assert code == 0, stderr
    assert "reminders: tạo mới 0" in stdout
    assert Delivery.objects.count() == len(deliveries)
    assert sum(1 for _ in mail_files(mail_dir)) == 400
    assert Notification.objects.count() == len(deliveries)


def test_two_processes_keep_the_weekly_cap(tmp_path):
    dept = busy_department(cap=5)
    mail_dir = tmp_path / "mail"
    for code, _, stderr in run_two(process_env(mail_dir)):
        assert code == 0, stderr
    written = Counter(m["To"] for m in mail_files(mail_dir))
    # Three units' heads and staff, the Office and the leader: at most 5 e-mails each.
    people = ("truong_cn", "cv_cn", "truong_tm", "cv_tt", "vanphong", "lanhdao")
    assert set(written) == {dept.users[n].email for n in people}
    assert set(written.values()) == {5}
    email = Delivery.objects.filter(channel="email")
    assert email.filter(state=Delivery.State.SENT).count() == 30
    assert email.filter(state=Delivery.State.FOLDED).count() == 400 - 30
    assert not email.exclude(state__in=[Delivery.State.SENT, Delivery.State.FOLDED]).exists()
    # In the app alike: the head without an address sees 5 of his 10 reminders, the rest folded.
    nl = dept.users["truong_nl"]
    assert Notification.objects.filter(recipient=nl).count() == 5
    app = Delivery.objects.filter(channel="app")
    assert app.filter(state=Delivery.State.SENT, notification__isnull=False).count() == 5
    assert app.filter(state=Delivery.State.FOLDED, notification__isnull=True).count() == 5
    # Every notification is a released reminder: none for what was folded.
    assert Notification.objects.count() == 30 + 5


def test_worker_process_stops_on_sigterm(tmp_path):
    env = process_env(tmp_path / "mail")
    env.update(CCHC_LOG_LEVEL="INFO", PYTHONUNBUFFERED="1")
    proc = subprocess.Popen(
        [sys.executable, "-m", "cchc.cli", "worker", "--interval", "0.2"],
        cwd=REPO_DIR,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        # The first line is printed once the signal handlers are in place.
        assert "chạy mỗi 0.2 giây" in proc.stdout.readline()
        deadline = time.monotonic() + 60
        while PassRun.objects.filter(job="send").count() < 2:
            assert proc.poll() is None, proc.communicate()[1]
            assert time.monotonic() < deadline, "the worker did not run two passes"
            time.sleep(0.1)
        proc.send_signal(signal.SIGTERM)
        stdout, stderr = proc.communicate(timeout=60)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    assert proc.returncode == 0, stderr
    assert "cchc worker đã dừng sau" in stdout
    assert "received SIGTERM, stopping after the current pass" in stderr
    assert "pass done in" in stderr


def test_writer_threads_move_many_small_batches_exactly_once(monkeypatch):
    """Outside a transaction on PostgreSQL the pass hands its batches to writer threads
    (``OutboxWriter``): with batches of 7 they write 46 batches side by side."""
    from cchc.chasing import outbox_pg
    from cchc.chasing.services import parse_now, run_reminders

    busy_department()
    monkeypatch.setattr(outbox_pg, "COPY_BATCH", 7)
    monkeypatch.setattr("cchc.chasing.services.INSERT_BATCH", 7)
    first = run_reminders(now=parse_now(NOW))
    deliveries = list(Delivery.objects.all())
    assert first.created == len(deliveries) == 320 + 40 * 2 + 10
    # Reminders wait for the cap without their notifications; their words are kept on the row.
    assert Notification.objects.count() == 0
    assert all(d.title and d.url and d.state == Delivery.State.PENDING for d in deliveries)
    again = run_reminders(now=parse_now(NOW))
    assert (again.created, again.existing) == (0, len(deliveries))


def test_a_failing_writer_stops_the_pass_and_the_next_pass_completes_it(monkeypatch):
    from cchc.chasing import outbox_pg
    from cchc.chasing.services import parse_now, run_reminders

    busy_department()
    monkeypatch.setattr(outbox_pg, "COPY_BATCH", 50)
    monkeypatch.setattr("cchc.chasing.services.INSERT_BATCH", 50)
    real, calls = outbox_pg.copy_batch, []

    def flaky(batch, now):
        calls.append(len(batch))
        if len(calls) == 3:
            raise RuntimeError("database went away")
        return real(batch, now)

    monkeypatch.setattr(outbox_pg, "copy_batch", flaky)
    with pytest.raises(RuntimeError, match="went away"):
        run_reminders(now=parse_now(NOW))
    written = Delivery.objects.count()
    assert 0 < written < 410 and Notification.objects.count() == 0
    monkeypatch.setattr(outbox_pg, "copy_batch", real)
    rest = run_reminders(now=parse_now(NOW))
    assert rest.created == 410 - written and rest.existing == written
    assert Delivery.objects.count() == 410


def test_copy_path_gives_a_notification_to_what_is_not_a_reminder():
    """``insert_many`` (COPY): a reminder waits for the cap without a notification; any other
    message (a report call) gets its notification at once; a second insert adds nothing."""
    from cchc.chasing.outbox import Message, insert_many
    from cchc.chasing.services import parse_now

    dept = make_dept()
    head = dept.users["truong_cn"]
    ob = dept.ob("QLCN", D(2026, 4, 15))

    def message(kind, key):
        return Message(
            key=key,
            organisation_id=dept.org.id,
            recipient_id=head.id,
            email="",
            kind=kind,
            obligation_id=ob.id,
            subject=f"[CCHC] {kind}",
            text="",
            html="",
            title=f"Tiêu đề {kind}",
            body="Nội dung",
            url="/nhiem-vu/1/",
        )

    batch = [message("before_due", "r:1"), message("report_call", "c:1"), message("overdue", "r:2")]
    now = parse_now(NOW)
    assert insert_many(batch, now=now) == (3, 0)
    rows = {d.key: d for d in Delivery.objects.all()}
    assert rows["c:1"].notification.title == "Tiêu đề report_call" and rows["c:1"].state == "sent"
    assert rows["c:1"].notification.created_at == now
    for key in ("r:1", "r:2"):
        assert rows[key].notification_id is None and rows[key].state == "pending"
        assert (rows[key].title, rows[key].body, rows[key].url) == (
            f"Tiêu đề {rows[key].kind}",
            "Nội dung",
            "/nhiem-vu/1/",
        )
    assert Notification.objects.count() == 1
    assert insert_many(batch, now=now) == (0, 3)
    assert Notification.objects.count() == 1
