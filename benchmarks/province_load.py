"""Load a province-sized follow-through data set into PostgreSQL (reproducible, seeded).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/cchc_bench \
        uv run python -m benchmarks.province_load [--departments 20] [--obligations 1000000]

20 departments, each with 10 units, people for every role (password "bench12345"),
5 plans of 100 tasks; the obligations (1 million by default) are spread over the tasks'
lead units and monthly/weekly periods of 2026, with statuses as a real year has them
(done early / on time / late, overdue, in progress, extended, not yet due). Tasks, units
and plans go through the ORM; the obligations through PostgreSQL's COPY, which is how a
province's data would be migrated in. The database is dropped and re-created first.
"""

from __future__ import annotations

import argparse
import io
import os
import random
import sys
import time
from datetime import date, timedelta

ROLES = ("leader", "coordinator", "unit_head", "unit_staff", "observer")
STATUS_MIX = (
    ("done_early", 0.18),
    ("done_on_time", 0.30),
    ("done_late", 0.07),
    ("overdue", 0.06),
    ("in_progress", 0.09),
    ("extended", 0.02),
    ("not_due", 0.28),
)
UNITS = (
    ("VP", "Văn phòng Sở", "office", "thuoc"),
    ("TTRA", "Thanh tra Sở", "inspectorate", "thuoc"),
    ("KHTC", "Phòng Kế hoạch - Tài chính", "division", "thuoc"),
    ("QLCN", "Phòng Quản lý Công nghiệp", "division", "thuoc"),
    ("QLNL", "Phòng Quản lý Năng lượng", "division", "thuoc"),
    ("QLTM", "Phòng Quản lý Thương mại", "division", "thuoc"),
    ("KTAT", "Phòng Kỹ thuật An toàn - Môi trường", "division", "thuoc"),
    ("TTKC", "Trung tâm Khuyến công và Xúc tiến thương mại", "center", "truc_thuoc"),
    ("QLTT", "Chi cục Quản lý thị trường", "subdepartment", "truc_thuoc"),
    ("MC", "Bộ phận Một cửa", "one_stop", "thuoc"),
)


def _pick_status(rnd: random.Random) -> str:
    x = rnd.random()
    for status, share in STATUS_MIX:
        if x < share:
            return status
        x -= share
    return "not_due"


def _recreate_database(url: str) -> None:
    from urllib.parse import urlparse

    import psycopg

    u = urlparse(url)
    name = u.path.lstrip("/")
    with psycopg.connect(
        host=u.hostname,
        port=u.port or 5432,
        user=u.username,
        password=u.password,
        dbname="postgres",
        autocommit=True,
    ) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--departments", type=int, default=20)
    ap.add_argument("--obligations", type=int, default=1_000_000)
    ap.add_argument("--seed", type=int, default=2026)
    ap.add_argument("--keep", action="store_true", help="do not drop and re-create the database")
    args = ap.parse_args(argv)
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith("postgres"):
        print("DATABASE_URL must point at a PostgreSQL database (e.g. …/cchc_bench)", file=sys.stderr)
        return 2
    if not args.keep:
        _recreate_database(url)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cchc.config.settings")
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.contrib.auth.hashers import make_password
    from django.core.management import call_command
    from django.db import connection

    from cchc.orgs.models import Membership, Organisation, Unit
    from cchc.plans.models import Plan, Task, TaskUnit

    t0 = time.perf_counter()
    call_command("migrate", verbosity=0)
    rnd = random.Random(args.seed)
    password = make_password("bench12345")
    User = get_user_model()
    per_dept = args.obligations // args.departments
    tasks_per_plan, plans_per_dept = 100, 5
    buf = io.StringIO()
    written = 0
    today = date(2026, 11, 23)
    for d in range(args.departments):
        org = Organisation.objects.create(code=f"so-{d:02d}", name=f"Sở số {d:02d} tỉnh Mẫu", province="Mẫu")
        units = Unit.objects.bulk_create(
            Unit(organisation=org, code=c, name=n, kind=k, affiliation=a, order=i)
            for i, (c, n, k, a) in enumerate(UNITS)
        )
        users = User.objects.bulk_create(
            User(
                username=f"{role}-{d:02d}" + (f"-{u.code.lower()}" if role.startswith("unit") else ""),
                password=password,
                first_name=role,
            )
            for role in ROLES
            for u in (units if role.startswith("unit") else units[:1])
        )
        Membership.objects.bulk_create(
            Membership(
                user=user,
                organisation=org,
                role=user.first_name,
                unit=next((u for u in units if user.username.endswith(u.code.lower())), None),
            )
            for user in users
        )
        plans = Plan.objects.bulk_create(
            Plan(
                organisation=org,
                number=f"{p + 1}/KH-S{d:02d}",
                title=f"Kế hoạch CCHC số {p + 1} năm 2026",
                period_start=date(2026, 1, 1),
                period_end=date(2026, 12, 31),
                source_sha256=f"{d:04d}{p:04d}".ljust(64, "0"),
            )
            for p in range(plans_per_dept)
        )
        tasks = Task.objects.bulk_create(
            Task(
                plan=plan,
                order=i,
                section=["I", "II", "III", "IV"][i % 4],
                number=str(i + 1),
                area=["direction", "institutions", "procedures", "digital_government"][i % 4],
                text=f"Nhiệm vụ {i + 1} của kế hoạch {plan.number}",
                schedule_text="Định kỳ hàng tháng",
            )
            for plan in plans
            for i in range(tasks_per_plan)
        )
        links = []
        per_task = max(1, per_dept // len(tasks))
        for task in tasks:
            leads = rnd.sample(units, 2)
            links += [TaskUnit(task=task, unit=u, role="lead") for u in leads]
            # Periods: weekly keys first, so per_task may exceed 52 by spilling into months.
            for n in range(per_task):
                unit = leads[n % 2]
                k = n // 2
                due = (
                    date(2026, 1, 2) + timedelta(days=7 * (k % 52))
                    if k < 52
                    else date(2026, 1 + (k - 52) % 12, 25)
                )
                key = f"2026-W{k + 1:02d}" if k < 52 else f"2026-{1 + (k - 52) % 12:02d}-{(k - 52) // 12}"
                status = "not_due" if due > today else _pick_status(rnd)
                if status == "not_due" and due <= today:
                    status = "overdue"
                current = due + timedelta(days=14) if status == "extended" else due
                completed = ""
                if status in ("done_early", "done_on_time", "done_late"):
                    shift = {"done_early": -3, "done_on_time": 0, "done_late": 4}[status]
                    completed = (due + timedelta(days=shift)).isoformat()
                buf.write(
                    "\t".join(
                        [
                            str(org.pk),
                            str(task.plan_id),
                            str(task.pk),
                            str(unit.pk),
                            str(unit.order),
                            key,
                            f"Tuần {k + 1}/2026",
                            due.isoformat(),
                            due.isoformat(),
                            current.isoformat(),
                            status,
                            completed or r"\N",
                            "t" if status == "extended" else "f",
                            (due - timedelta(days=2)).isoformat() + " 09:00+07",
                            "t",
                            "1",
                            "2026-01-01 00:00+07",
                            "2026-01-01 00:00+07",
                        ]
                    )
                    + "\n"
                )
                written += 1
        TaskUnit.objects.bulk_create(links)
        print(f"department {d + 1}/{args.departments}: {len(tasks)} tasks", flush=True)
    cols = (
        "organisation_id, plan_id, task_id, unit_id, unit_order, period_key, period_label, period_start, "
        "due_date, current_due, status, completed_on, extended, last_activity_at, is_active, version, "
        "created_at, updated_at"
    )
    buf.seek(0)
    connection.ensure_connection()
    with (
        connection.connection.cursor() as cur,
        cur.copy(f"COPY tracking_obligation ({cols}) FROM STDIN") as copy,
    ):
        while chunk := buf.read(1 << 20):
            copy.write(chunk)
    with connection.cursor() as cur:
        # VACUUM sets the visibility map, so the board's index-only scans need no heap visits.
        cur.execute("VACUUM ANALYZE")
    print(
        f"{written} obligations in {args.departments} departments, loaded in {time.perf_counter() - t0:.1f} s"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
