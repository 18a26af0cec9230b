"""One seeded demo shared by the tests of a class that only read it (or write on top of it).

Seeding the demo with its history takes 10–15 s of CPU; the tests that look at the same
day's demo share one: ``shared_demo`` seeds it once inside a transaction that stays open
for the class (each test runs in a savepoint of it, as pytest-django's ``db`` does, so what
a test writes is undone before the next) and rolled back after the class's last test.

A class fixture, not a module one: a module fixture stays set up until the module's last
test, so the tests after the class would run inside the shared demo too. The class goes
to one pytest-xdist worker (``xdist_group``), so the demo is seeded once.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime, time
from pathlib import Path
from typing import Any

import pytest
from django.db import transaction
from django.test import TestCase, override_settings
from django.utils import timezone

from cchc.demo.seed import SeedReport, seed_demo


@dataclass(frozen=True)
class SharedDemo:
    seeded: SeedReport
    today: date
    now: datetime  # the clock while the class runs: 10:00 of ``today``
    media: Path  # where its evidence files are (a test's own media folder does not have them)


@contextmanager
def shared_demo(django_db_blocker: Any, media: Path, today: date, **options: Any) -> Iterator[SharedDemo]:
    """The demo seeded on ``today`` at 10:00 (the clock stays there until the block ends),
    with its on-commit work done (the notifications' stamps, the e-mails queued), inside a
    transaction rolled back at the end."""
    now = timezone.make_aware(datetime.combine(today, time(10, 0)))
    with (
        django_db_blocker.unblock(),
        pytest.MonkeyPatch.context() as patch,
        override_settings(MEDIA_ROOT=media),
        transaction.atomic(),
    ):
        patch.setattr(timezone, "now", lambda: now)
        with TestCase.captureOnCommitCallbacks(execute=True):
            seeded = seed_demo(today=today, **options)
        yield SharedDemo(seeded, today, now, media)
        transaction.set_rollback(True)
