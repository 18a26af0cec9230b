"""worker [--interval SECONDS]: run every chasing job in a loop until SIGTERM or SIGINT, and
the work waiting in the background (``cchc.jobs``: dossier uploads, plans confirmed), looked
for every ``--jobs-poll`` seconds between the passes."""

from __future__ import annotations

import argparse
import logging
import signal
import threading
import time

from django.core.management.base import BaseCommand, CommandError
from django.db import close_old_connections, connections
from django.utils import timezone

from cchc.chasing.services import describe, run_all, worker_name
from cchc.jobs.runner import run_pending

log = logging.getLogger("cchc.chasing.worker")


class Command(BaseCommand):
    help = (
        "Chạy liên tục các công việc đôn đốc (nhắc việc, báo cáo định kỳ, tổng hợp tuần, gửi thư), "
        "mỗi lượt cách nhau --interval giây. Dừng gọn khi nhận SIGTERM/SIGINT (Ctrl+C)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--interval", type=float, default=60.0, help="số giây giữa hai lượt (mặc định 60)"
        )
        parser.add_argument(
            "--jobs-poll",
            type=float,
            default=2.0,
            help="số giây giữa hai lần xem có việc chạy nền đang chờ (mặc định 2)",
        )
        parser.add_argument("--max-passes", type=int, default=0, help=argparse.SUPPRESS)  # for tests

    def handle(self, *args, **options):
        interval = options["interval"]
        if interval <= 0:
            raise CommandError("--interval phải là số giây lớn hơn 0.")
        stop = threading.Event()

        def _stop(signum, frame):
            log.info("worker: received %s, stopping after the current pass", signal.Signals(signum).name)
            stop.set()

        previous = {s: signal.signal(s, _stop) for s in (signal.SIGTERM, signal.SIGINT)}
        me = worker_name()
        passes = 0
        log.info("worker %s started (every %.0f s)", me, interval)
        self.stdout.write(f"cchc worker {me}: chạy mỗi {interval:g} giây (Ctrl+C để dừng)")
        try:
            while not stop.is_set():
                started = time.monotonic()
                _fresh_connections()
                try:
                    results = run_all(now=timezone.now(), worker_id=me)
                    log.info("pass done in %.1f s: %s", time.monotonic() - started, describe(results))
                except Exception:  # a broken pass (database down) must not kill the worker
                    log.exception("pass failed; retrying in %.0f s", interval)
                passes += 1
                last = bool(options["max_passes"]) and passes >= options["max_passes"]
                # The last pass (tests) still runs what waits, without waiting for more.
                _run_jobs(me, stop, time.monotonic() if last else started + interval, options["jobs_poll"])
                if last:
                    break
        finally:
            for s, handler in previous.items():
                signal.signal(s, handler)
            _fresh_connections()
        log.info("worker %s stopped after %d passes", me, passes)
        self.stdout.write(f"cchc worker đã dừng sau {passes} lượt.")


def _run_jobs(me: str, stop: threading.Event, until: float, poll: float) -> None:
    """Until the next pass is due: run the jobs waiting in the background, looking again
    every ``poll`` seconds (a person waits on them, not on the reminders)."""
    while not stop.is_set():
        _fresh_connections()
        try:
            ran = run_pending(me)
            if ran:
                log.info("ran %d background job(s)", ran)
        except Exception:  # the database down: try again at the next look
            log.exception("background jobs failed")
        left = until - time.monotonic()
        if left <= 0:
            return
        stop.wait(min(poll, left))


def _fresh_connections() -> None:
    """Drop dead or expired connections between passes: a long-running process must not keep
    one the database server closed. Never inside a transaction (the tests run the worker in one)."""
    if not any(c.in_atomic_block for c in connections.all(initialized_only=True)):
        close_old_connections()
