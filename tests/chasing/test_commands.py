"""``cchc remind --once [--now …]`` and ``cchc worker [--interval …]``: the management
commands and the ``cchc`` sub-commands that call them."""

from __future__ import annotations

import logging
import os
import signal
import subprocess
import sys
import threading
from datetime import date
from io import StringIO

import pytest
from django.core import mail
from django.core.management import CommandError, call_command

from cchc import cli
from cchc.chasing.models import Delivery, PassRun
from tests.paths import REPO_DIR

D = date


@pytest.fixture
def due_18_march(dept):
    return dept.ob("QLTM", D(2026, 3, 18))  # Thương mại: one head, no staff


@pytest.mark.django_db
def test_remind_once_prints_counts(due_18_march):
    out = StringIO()
    call_command("remind", "--once", "--now", "2026-03-17T08:00", stdout=out)
    text = out.getvalue()
    assert "reminders: tạo mới 1, đã có 0" in text
    assert "send: tạo mới 0, đã có 0, gửi 1, hiện trong ứng dụng 0, gộp 0, lỗi 0" in text
    assert "weekly_digest" not in text  # not due on a Tuesday
    assert len(mail.outbox) == 1
    out = StringIO()
    call_command("remind", "--once", "--now", "2026-03-17T09:00", stdout=out)
    assert "reminders: tạo mới 0" in out.getvalue() and len(mail.outbox) == 1


@pytest.mark.django_db
def test_remind_date_alone_means_nine_in_the_morning(due_18_march):
    call_command("remind", "--once", "--now", "2026-03-20", stdout=StringIO())  # a Friday
    assert PassRun.objects.get(job="weekly_digest").as_of.isoformat() == "2026-03-20T02:00:00+00:00"
    assert Delivery.objects.filter(kind="weekly_digest").count() == 2


@pytest.mark.django_db
@pytest.mark.parametrize("bad", ["31/03/2026", "2026-02-30", "hôm nay", "2026-03-17T25:00"])
def test_remind_bad_now(bad):
    with pytest.raises(CommandError, match="không phải ngày giờ ISO"):
        call_command("remind", "--once", "--now", bad)


@pytest.mark.django_db
def test_remind_unknown_org():
    with pytest.raises(CommandError, match="Không có Sở với mã “khong-co”"):
        call_command("remind", "--once", "--org", "khong-co")


@pytest.mark.django_db(transaction=True)  # the command closes the connections when it is done
def test_cchc_remind(due_18_march, capsys):
    assert cli.main(["remind", "--once", "--now", "2026-03-17T08:00", "--org", "sct-chase"]) == 0
    assert "reminders: tạo mới 1" in capsys.readouterr().out
    assert PassRun.objects.filter(job="reminders:sct-chase").exists()
    assert cli.main(["remind", "--once", "--now", "mai"]) == 1
    assert "--now “mai” không phải ngày giờ ISO" in capsys.readouterr().err


def test_cchc_remind_bad_now_exits_non_zero_in_a_real_process(tmp_path):
    env = dict(os.environ, DATABASE_URL=f"sqlite:///{tmp_path / 'x.sqlite3'}", CCHC_VAR_DIR=str(tmp_path))
    proc = subprocess.run(
        [sys.executable, "-m", "cchc.cli", "remind", "--once", "--now", "2026-13-01"],
        cwd=REPO_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert proc.returncode == 1
    assert (
        "--now “2026-13-01” không phải ngày giờ ISO (ví dụ 2026-03-25T08:00 hoặc 2026-03-25)" in proc.stderr
    )


def test_cli_knows_the_sub_commands():
    parser = cli.build_parser()
    args = parser.parse_args(["worker", "--interval", "5"])
    assert (args.func, args.interval) == (cli.cmd_worker, 5.0)
    args = parser.parse_args(["remind", "--once", "--now", "2026-03-17T08:00"])
    assert (args.func, args.now, args.once) == (cli.cmd_remind, "2026-03-17T08:00", True)
    assert parser.parse_args(["plan", "parse", "x.docx"]).func is cli.cmd_plan_parse  # still there


@pytest.mark.django_db
def test_worker_runs_passes_and_logs_them(caplog):
    out = StringIO()
    with caplog.at_level(logging.INFO, logger="cchc.chasing.worker"):
        call_command("worker", "--interval", "0.01", "--max-passes", "3", stdout=out)
    assert PassRun.objects.filter(job="reminders").count() == 3
    assert PassRun.objects.filter(job="send").count() == 3
    assert sum("pass done in" in r.message for r in caplog.records) == 3
    assert "đã dừng sau 3 lượt" in out.getvalue()


@pytest.mark.django_db
@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT])
def test_worker_stops_cleanly_on_a_signal(signum, caplog):
    before = signal.getsignal(signum)
    timer = threading.Timer(0.3, os.kill, (os.getpid(), signum))
    timer.start()
    out = StringIO()
    with caplog.at_level(logging.INFO, logger="cchc.chasing.worker"):
        call_command("worker", "--interval", "30", stdout=out)  # would sleep 30 s without the signal
    timer.join()
    assert "đã dừng sau 1 lượt" in out.getvalue()
    assert any(signal.Signals(signum).name in r.message for r in caplog.records)
    assert signal.getsignal(signum) == before  # the handlers are given back


@pytest.mark.django_db
def test_worker_survives_a_broken_pass(monkeypatch, caplog):
    def broken(**kwargs):
        raise ConnectionError("database went away")

    monkeypatch.setattr("cchc.chasing.management.commands.worker.run_all", broken)
    with caplog.at_level(logging.INFO, logger="cchc.chasing.worker"):
        call_command("worker", "--interval", "0.01", "--max-passes", "2", stdout=StringIO())
    assert sum("pass failed" in r.message for r in caplog.records) == 2


@pytest.mark.django_db
def test_worker_bad_interval():
    with pytest.raises(CommandError, match="--interval phải là số giây lớn hơn 0"):
        call_command("worker", "--interval", "0")
