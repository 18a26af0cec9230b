"""A small synthetic one-stop-shop export (our own generator, reproducible from a seed).

Used by ``cchc demo`` so a new user sees figures at once, by the sample in docs/samples/ and
by the browser test. It writes what real exports hold: Vietnamese headers, dd/mm/yyyy HH:MM
times, "Có"/"Không". The department it imitates has four divisions handling dossiers; one
officer (Đỗ Văn Hùng) is late far more often than the others, a few online dossiers are
accepted after more than 8 working hours, a few late ones lack the apology slip, a few ask
for a supplement twice, and some pauses have no reason or no attached document.

The export ends when it is taken (``until``; the demo: the moment ``cchc demo`` runs): the
dossiers were received over the ten months before, nothing in it is dated later, and what
was not finished by then is still being handled (overdue when its due time has passed).
"""

from __future__ import annotations

import csv
import io
import random
from datetime import date, datetime, time, timedelta

from cchc.core.calendar import WorkCalendar

HEADERS = (
    "Mã hồ sơ",
    "Mã thủ tục",
    "Tên thủ tục",
    "Đơn vị xử lý",
    "Cán bộ xử lý",
    "Hình thức nộp",
    "Ngày nộp",
    "Ngày tiếp nhận",
    "Hạn trả",
    "Ngày hoàn thành",
    "Ngày trả kết quả",
    "Số lần yêu cầu bổ sung",
    "Từ chối",
    "Phiếu từ chối",
    "Ngày xin lỗi",
    "Số lần hẹn lại",
    "Có phí",
    "Thanh toán trực tuyến",
    "Bưu chính công ích",
    "Số hóa hồ sơ",
    "Số hóa kết quả",
)
PAUSE_HEADERS = ("Mã hồ sơ", "Loại dừng", "Dừng từ", "Dừng đến", "Lý do", "Có văn bản kèm theo")

# unit, its officers (name, share of late dossiers), its procedures (code, name, working days, fee)
UNITS: tuple[tuple[str, tuple[tuple[str, float], ...], tuple[tuple[str, str, int, bool], ...]], ...] = (
    (
        "Phòng Quản lý Thương mại",
        (("Nguyễn Thị Mai", 0.02), ("Đỗ Văn Hùng", 0.25)),
        (
            ("2.000620", "Cấp Giấy phép bán lẻ sản phẩm rượu", 10, True),
            ("2.000190", "Cấp Giấy chứng nhận cửa hàng đủ điều kiện bán lẻ xăng dầu", 15, True),
        ),
    ),
    (
        "Phòng Quản lý Công nghiệp",
        (("Lê Quang Vinh", 0.0), ("Phạm Thu Trang", 0.04)),
        (("2.000591", "Cấp Giấy chứng nhận đủ điều kiện sản xuất hóa chất", 12, True),),
    ),
    (
        "Phòng Quản lý Năng lượng",
        (("Hoàng Minh Đức", 0.05),),
        (("2.001266", "Cấp Giấy phép hoạt động điện lực", 7, True),),
    ),
    (
        "Phòng Kỹ thuật An toàn - Môi trường",
        (("Vũ Thị Hạnh", 0.0),),
        (("2.000202", "Cấp Giấy chứng nhận huấn luyện kỹ thuật an toàn vật liệu nổ", 5, False),),
    ),
)
CHANNELS = (
    ("Trực tuyến toàn trình", 0.55),
    ("Trực tuyến một phần", 0.2),
    ("Trực tiếp", 0.15),
    ("Bưu chính", 0.1),
)


def _fmt(moment: datetime | None) -> str:
    return moment.strftime("%d/%m/%Y %H:%M") if moment else ""


def _yes(flag: bool) -> str:
    return "Có" if flag else "Không"


def _at(day: date, rng: random.Random, start: int = 7, end: int = 16) -> datetime:
    return datetime.combine(day, time(rng.randint(start, end), rng.choice((0, 10, 20, 30, 40, 50))))


def _pick(rng: random.Random, weighted: tuple[tuple[str, float], ...]) -> str:
    return rng.choices([w for w, _ in weighted], weights=[p for _, p in weighted])[0]


# The default end of an export: fixed, so the same arguments give the same file (the sample
# in docs/samples, the tests).
DEFAULT_UNTIL = datetime(2026, 10, 28, 17, 0)


def generate(
    count: int = 300,
    *,
    until: datetime = DEFAULT_UNTIL,
    days: int = 300,
    seed: int = 2026,
    calendar: WorkCalendar | None = None,
) -> tuple[bytes, bytes]:
    """(dossiers CSV, pauses CSV) of ``count`` dossiers received in the ``days`` before ``until``
    (naive local time), as an export taken at ``until``."""
    rng = random.Random(seed)
    cal = calendar or WorkCalendar()
    # The last dossiers were received three working days before the export: accepted by then.
    last = cal.add_working_days(until.date(), -3)
    first = last - timedelta(days=days)
    span = (last - first).days
    rows, pauses = [], []
    for n in range(1, count + 1):
        unit, officers, procedures = UNITS[n % len(UNITS)]
        officer, late_share = officers[rng.randrange(len(officers))]
        code, name, days, fee = procedures[rng.randrange(len(procedures))]
        channel = _pick(rng, CHANNELS)
        online = channel.startswith("Trực tuyến")
        day = cal.next_working_day(first + timedelta(days=rng.randrange(span)))
        submitted = _at(day, rng)
        accepted = submitted + timedelta(hours=rng.choice((0, 1, 2, 3)), minutes=rng.randrange(50))
        if online and rng.random() < 0.04:  # accepted two working days later: breaks the 8 hours
            accepted = _at(cal.add_working_days(day, 2), rng, 8, 10)
        due = datetime.combine(cal.add_working_days(day, days), time(16, 30))
        fate = rng.random()
        apology = None
        if n % 97 == 0:  # still being handled
            finished = None
        elif fate < late_share:
            finished = _at(cal.add_working_days(due.date(), rng.choice((1, 2, 3))), rng)
            if rng.random() < 0.7:
                apology = due - timedelta(days=2)
        elif fate < late_share + 0.25:
            finished = _at(due.date(), rng, 8, 15)
        else:
            finished = _at(cal.add_working_days(due.date(), -rng.choice((1, 2, 3))), rng)
        if finished and finished < accepted:
            finished = accepted + timedelta(hours=2)
        if finished and finished > until:  # not finished yet when the export was taken
            finished, apology = None, None
        returned = finished + timedelta(hours=1) if finished else None
        if returned and returned > until:
            returned = None
        dossier_id = f"{day.year % 100:02d}.{n:05d}.HBX"
        pause_start = _at(cal.add_working_days(day, 1), rng, 8, 14) if rng.random() < 0.08 else None
        if pause_start is not None and pause_start + timedelta(days=2) <= until:
            start = pause_start
            reason = "" if rng.random() < 0.2 else "Chờ bổ sung giấy tờ"
            pauses.append(
                (
                    dossier_id,
                    "Chờ bổ sung",
                    _fmt(start),
                    _fmt(start + timedelta(days=2)),
                    reason,
                    _yes(rng.random() > 0.15),
                )
            )
        rows.append(
            (
                dossier_id,
                code,
                name,
                unit,
                officer,
                channel,
                _fmt(submitted),
                _fmt(accepted),
                _fmt(due),
                _fmt(finished),
                _fmt(returned),
                str(2 if rng.random() < 0.03 else rng.choice((0, 0, 0, 1))),
                _yes(False),
                _yes(False),
                _fmt(apology),
                str(1 if apology else 0),
                _yes(fee),
                _yes(fee and online and rng.random() < 0.7),
                _yes(channel == "Bưu chính" or rng.random() < 0.05),
                _yes(rng.random() < 0.93),
                _yes(finished is not None and rng.random() < 0.9),
            )
        )
    return _csv(HEADERS, rows), _csv(PAUSE_HEADERS, pauses)


def _csv(headers: tuple[str, ...], rows: list[tuple]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(headers)
    writer.writerows(rows)
    return out.getvalue().encode("utf-8")


def seed(org, user, *, today: date | None = None) -> int:
    """Load the demo export, taken on ``today`` (default: now), into ``org`` through the
    upload service, once: returns how many dossiers were loaded (0 when the department
    already has dossiers)."""
    from django.utils import timezone

    from cchc.dossiers import services
    from cchc.dossiers.models import Dossier
    from cchc.orgs.calendars import calendar_for

    if Dossier.objects.filter(organisation=org).exists():
        return 0
    now = timezone.localtime()
    if today is not None and today != now.date():  # the end of that working day
        now = datetime.combine(today, time(17, 0))
    until = now.replace(tzinfo=None, second=0, microsecond=0)
    dossiers, pauses = generate(until=until, calendar=calendar_for(org))
    stamp = f"{until:%d-%m-%Y}"
    outcome = services.upload_exports(
        org,
        user,
        dossiers=services.ExportFile(f"mot-cua-demo-den-{stamp}.csv", dossiers),
        pauses=services.ExportFile(f"dung-tinh-demo-den-{stamp}.csv", pauses),
        now=timezone.make_aware(until),
    )
    return outcome.uploads[0].rows_new
