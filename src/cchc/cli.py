"""The ``cchc`` command: everything a person or a cron job runs.

``cchc plan parse`` is pure (no database); the other sub-commands set up Django and run
its management commands, so ``cchc manage …`` reaches any of them directly.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
from pathlib import Path


def _django(argv: list[str]) -> int:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cchc.config.settings")
    from django.core.management import execute_from_command_line

    try:
        execute_from_command_line(["cchc", *argv])
    except SystemExit as exc:  # management commands exit through CommandError -> SystemExit
        return int(exc.code or 0)
    return 0


def _fail(message: str, code: int = 2) -> int:
    print(f"Lỗi: {message}", file=sys.stderr)
    return code


def cmd_plan_parse(args: argparse.Namespace) -> int:
    from cchc.core.planread import PlanReadError, parse_plan
    from cchc.core.units import UnitDirectory

    path = Path(args.file)
    if not path.is_file():
        return _fail(f"không tìm thấy tệp {path}")
    directory = None
    if args.org:
        directory = _org_directory(args.org)
        if isinstance(directory, int):
            return directory
    elif args.units:
        try:
            directory = UnitDirectory.from_dicts(json.loads(Path(args.units).read_text(encoding="utf-8")))
        except (OSError, ValueError, KeyError, TypeError) as exc:
            return _fail(f"không đọc được danh mục đơn vị {args.units}: {exc}")
    size = path.stat().st_size
    from cchc.core.planread.readers import MAX_BYTES
    from cchc.plans.labels import file_size

    if size > MAX_BYTES:
        return _fail(f"tệp quá lớn ({file_size(size)}); giới hạn là {file_size(MAX_BYTES)}.")
    try:
        result = parse_plan(path.read_bytes(), year=args.year, directory=directory)
    except PlanReadError as exc:
        return _fail(exc.message)
    if args.json:
        json.dump(result.to_dict(), sys.stdout, ensure_ascii=False, indent=1)
        sys.stdout.write("\n")
        return 0
    meta = result.plan
    print(f"Kế hoạch {meta.number or '(chưa có số)'}: {meta.title}")
    if meta.period:
        print(f"Kỳ: {meta.period.start:%d/%m/%Y} – {meta.period.end:%d/%m/%Y}")
    for t in result.tasks:
        due = ", ".join(f"{d:%d/%m/%Y}" for d in (t.schedule.due if t.schedule else []))
        mark = "≡" if t.is_group else "•"
        units = "; ".join(t.lead_units)[:40]
        print(f"{mark} {t.section or ''} {t.number or '-'} {t.task[:70]} | {units} | {due}")
    print(f"{len(result.tasks)} nhiệm vụ, {len(result.warnings)} cảnh báo")
    for w in result.warnings:
        print(f"  ! {w}")
    return 0


def _org_directory(code: str):
    """The unit directory (units and saved aliases) of a department in the database."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cchc.config.settings")
    import django

    django.setup()
    from cchc.orgs.models import Organisation
    from cchc.orgs.selectors import directory_for

    org = Organisation.objects.filter(code=code).first()
    if org is None:
        return _fail(f"không có Sở mã “{code}” trong cơ sở dữ liệu.")
    return directory_for(org)


def _period(text: str):
    """ "2025-01..2025-12", "2025-03", "2025", "2025-01-15..2025-02-10" -> (first day, last day)."""
    import calendar as cal
    from datetime import date

    def bound(part: str, end: bool) -> date:
        try:
            bits = [int(x) for x in part.strip().split("-")]
            if len(bits) == 3:
                return date(*bits)
            year, month = bits[0], (bits[1] if len(bits) == 2 else (12 if end else 1))
            return date(year, month, cal.monthrange(year, month)[1] if end else 1)
        except (ValueError, TypeError, IndexError, cal.IllegalMonthError):
            # Said in the person's words, not Python's ("month must be in 1..12").
            raise ValueError(
                f"kỳ “{text}” không đúng; ghi năm (2025), tháng (2025-03), ngày (2025-03-15) "
                "hoặc một khoảng (2025-01..2025-06)"
            ) from None

    lo, _, hi = text.partition("..")
    return bound(lo, False), bound(hi or lo, True)


def _org_calendar(code: str):
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cchc.config.settings")
    import django

    django.setup()
    from django.db import DatabaseError

    from cchc.orgs.calendars import calendar_for
    from cchc.orgs.models import Organisation

    try:
        org = Organisation.objects.filter(code=code).first()
        if org is None:
            return _fail(f"không có Sở mã “{code}” trong cơ sở dữ liệu.")
        return calendar_for(org)
    except DatabaseError as exc:
        return _fail(f"không đọc được lịch làm việc từ cơ sở dữ liệu ({exc}); bỏ --org để dùng lịch chung.")


def cmd_dossiers_analyze(args: argparse.Namespace) -> int:
    from datetime import datetime

    from cchc.core.calendar import WorkCalendar, WorkingHours
    from cchc.core.dossiers import (
        AnalysisOptions,
        DossierReadError,
        analyze,
        combine,
        read_dossiers,
        read_pauses,
    )
    from cchc.core.dossiers.engine import as_of_default
    from cchc.core.dossiers.summary import print_summary

    try:
        as_of = datetime.fromisoformat(args.as_of) if args.as_of else as_of_default()
        if as_of.tzinfo is not None:  # Asia/Ho_Chi_Minh is UTC+7 all year
            from datetime import UTC, timedelta

            as_of = (as_of.astimezone(UTC) + timedelta(hours=7)).replace(tzinfo=None)
        period = _period(args.period) if args.period else None
        by = tuple(b.strip() for b in args.by.split(",") if b.strip())
        hours = WorkingHours.parse(args.hours) if args.hours else WorkingHours()
        # No --late-threshold: the plans' rule (AnalysisOptions' default, OFFICER_LATE_THRESHOLD).
        late = {} if args.late_threshold is None else {"late_threshold": args.late_threshold}
        options = AnalysisOptions(as_of=as_of, period=period, by=by, hours=hours, **late)
    except ValueError as exc:
        return _fail(f"tham số không hợp lệ: {exc}")
    for f in [*args.files, *(args.pauses or [])]:
        if not Path(f).is_file():
            return _fail(f"không tìm thấy tệp {f}")
    calendar = WorkCalendar()
    if args.org:
        calendar = _org_calendar(args.org)
        if isinstance(calendar, int):
            return calendar
    try:
        loaded = combine([(Path(f).name, read_dossiers(Path(f), mapping=args.mapping)) for f in args.files])
        pauses = None
        if args.pauses:
            pauses = combine(
                [(Path(f).name, read_pauses(Path(f), mapping=args.mapping)) for f in args.pauses],
                kind="pauses",
            )
    except DossierReadError as exc:
        return _fail(exc.message)
    name = args.files[0] if len(args.files) == 1 else None
    rejected = [r if name is None else type(r)(r.row, r.dossier_id, r.reason, None) for r in loaded.rejected]
    if pauses is not None:
        rejected += [
            type(r)(r.row, r.dossier_id, f"(tệp dừng tính) {r.reason}", r.file) for r in pauses.rejected
        ]
    engine = analyze
    if args.engine == "spark":
        from cchc.core.dossiers.spark import analyze_spark as engine  # imported only when asked

    result = engine(
        loaded.table,
        pauses.table if pauses else None,
        calendar,
        options,
        rows_read=loaded.read,
        rejected=rejected,
    )
    if args.xlsx:
        result.write_xlsx(args.xlsx)
    if args.json:
        json.dump(result.to_dict(), sys.stdout, ensure_ascii=False, indent=1)
        sys.stdout.write("\n")
    else:
        print_summary(result, sys.stdout)
        if args.xlsx:
            print(f"Đã ghi bảng tính: {args.xlsx}")
    return 0


def cmd_plan_import(args: argparse.Namespace) -> int:
    argv = ["import_plan", args.file, "--org", args.org]
    if args.year:
        argv += ["--year", str(args.year)]
    if args.user:
        argv += ["--user", args.user]
    if args.tracking_start:
        argv += ["--tracking-start", args.tracking_start]
    if args.done_before:
        argv += ["--done-before"]
    return _django(argv)


def cmd_report_build(args: argparse.Namespace) -> int:
    argv = [
        "build_report",
        "--org",
        args.org,
        "--kind",
        args.kind,
        "--period",
        args.period,
        "--out",
        args.out,
    ]
    for option in ("xlsx", "pdf"):
        if getattr(args, option):
            argv += [f"--{option}", getattr(args, option)]
    if args.refresh:
        argv += ["--refresh"]
    return _django(argv)


def cmd_demo(args: argparse.Namespace) -> int:
    code = _django(["migrate", "--noinput", "-v", "0"])
    return code or _django(["seed_demo"])


NO_SECRET_KEY = (
    "CCHC_SECRET_KEY chưa được đặt: máy chủ không chạy với khóa mặc định (ai cũng biết, "
    "ai có nó cũng giả được phiên đăng nhập). Hãy đặt một chuỗi ngẫu nhiên dài, ví dụ "
    "CCHC_SECRET_KEY=\"$(python3 -c 'import secrets; print(secrets.token_urlsafe(50))')\", "
    "giữ nguyên qua các lần khởi động; hoặc dùng --dev để chạy thử trên máy của mình."
)


def _start_worker() -> subprocess.Popen | None:
    """``cchc worker`` beside the web server: the uploads waiting in the background and the
    reminders run without a second command. Stopped with the server."""
    cmd = [sys.executable, "-m", "cchc.cli", "worker"]
    try:
        proc = subprocess.Popen(cmd, env=os.environ.copy())
    except OSError as exc:
        print(f"Không chạy được tiến trình nền (cchc worker): {exc}", file=sys.stderr)
        return None
    print(f"Tiến trình nền (cchc worker) đang chạy, pid {proc.pid}.", flush=True)
    return proc


def _stop_worker(proc: subprocess.Popen | None) -> None:
    if proc is None or proc.poll() is not None:
        return
    proc.terminate()  # the worker stops after its current pass or job
    try:
        proc.wait(timeout=30)
    except subprocess.TimeoutExpired:
        proc.kill()


def cmd_serve(args: argparse.Namespace) -> int:
    host, _, port = args.addr.rpartition(":")
    if not args.dev and not os.environ.get("CCHC_SECRET_KEY", "").strip():
        return _fail(NO_SECRET_KEY)
    worker = None if args.no_worker else _start_worker()
    try:
        if args.dev:
            return _django(["runserver", args.addr])
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cchc.config.settings")
        from gunicorn.app.wsgiapp import run

        sys.argv = [
            "gunicorn",
            "--bind",
            f"{host or '127.0.0.1'}:{port or '8000'}",
            "--workers",
            str(args.workers),
            "--threads",
            str(args.threads),
            "--access-logfile",
            "-",
            "cchc.config.wsgi:application",
        ]
        print(
            f"cchc đang chạy tại http://{host or '127.0.0.1'}:{port or '8000'}/ (Ctrl+C để dừng)", flush=True
        )
        return run() or 0
    finally:
        _stop_worker(worker)


def cmd_remind(args: argparse.Namespace) -> int:
    argv = ["remind", "--once"]
    if args.now:
        argv += ["--now", args.now]
    if args.org:
        argv += ["--org", args.org]
    return _django(argv)


def cmd_worker(args: argparse.Namespace) -> int:
    return _django(["worker", "--interval", str(args.interval)])


def build_parser() -> argparse.ArgumentParser:
    from cchc.plans.labels import PLAN_FILE_KINDS  # plain Python: no Django is set up

    p = argparse.ArgumentParser(prog="cchc", description="Theo dõi kế hoạch cải cách hành chính của Sở.")
    sub = p.add_subparsers(dest="command", required=True)

    plan = sub.add_parser("plan", help="đọc và nhập kế hoạch").add_subparsers(
        dest="plan_command", required=True
    )
    parse = plan.add_parser("parse", help="đọc một tệp kế hoạch và in các nhiệm vụ (không ghi gì)")
    parse.add_argument("file", help=f"tệp kế hoạch: {PLAN_FILE_KINDS}")
    parse.add_argument("--year", type=int, help="năm của kế hoạch, khi tài liệu không ghi")
    parse.add_argument("--units", help="danh mục đơn vị (JSON, dạng UnitDirectory.to_dicts())")
    parse.add_argument("--org", help="đối chiếu đơn vị với danh mục của Sở này trong cơ sở dữ liệu (mã Sở)")
    parse.add_argument("--json", action="store_true", help="in kết quả dạng JSON")
    parse.set_defaults(func=cmd_plan_parse)
    imp = plan.add_parser("import", help="nhập một tệp kế hoạch vào cơ sở dữ liệu (không xem trước)")
    imp.add_argument("file", help=f"tệp kế hoạch: {PLAN_FILE_KINDS}")
    imp.add_argument("--org", required=True, help="mã Sở (Organisation.code)")
    imp.add_argument("--year", type=int)
    imp.add_argument("--user", help="tên đăng nhập của người nhập")
    imp.add_argument(
        "--tracking-start",
        metavar="YYYY-MM-DD",
        help="theo dõi từ ngày này (mặc định: từ đầu kế hoạch); nghĩa vụ có hạn trước đó: không theo dõi",
    )
    imp.add_argument(
        "--done-before",
        action="store_true",
        help="ghi các nghĩa vụ có hạn trước --tracking-start là đã thực hiện (hoàn thành đúng hạn)",
    )
    imp.set_defaults(func=cmd_plan_import)

    dossiers = sub.add_parser("dossiers", help="phân tích hồ sơ TTHC (một cửa)").add_subparsers(
        dest="dossiers_command", required=True
    )
    an = dossiers.add_parser(
        "analyze", help="tính các chỉ tiêu hồ sơ từ tệp xuất của hệ thống một cửa (không ghi CSDL)"
    )
    an.add_argument("files", nargs="+", help="tệp hồ sơ CSV, XLSX hoặc Parquet (nhiều tệp được nối lại)")
    an.add_argument("--pauses", action="append", help="tệp các lần dừng tính thời gian (có thể lặp lại)")
    an.add_argument("--period", help="kỳ: 2025-01..2025-12, 2025-03, 2025 hoặc 2025-01-15..2025-02-10")
    an.add_argument(
        "--by", default="unit,month", help="nhóm theo: unit,procedure,officer,month (mặc định unit,month)"
    )
    an.add_argument("--as-of", help="thời điểm phân tích, giờ Việt Nam (ISO, mặc định: bây giờ)")
    an.add_argument("--mapping", help="ánh xạ tiêu đề: tên có sẵn (default, igate, dvcqg) hoặc tệp .toml")
    an.add_argument("--hours", help="giờ làm việc, ví dụ 07:00-11:30,13:30-17:00")
    an.add_argument(
        "--late-threshold",
        type=float,
        default=None,
        help="tỷ lệ trễ hạn loại HTTNV, ví dụ 0.10 (mặc định: quy tắc của kế hoạch)",
    )
    an.add_argument("--org", help="lấy lịch nghỉ/làm bù của Sở này trong cơ sở dữ liệu (mã Sở)")
    an.add_argument("--engine", choices=("duckdb", "spark"), default="duckdb")
    an.add_argument("--json", action="store_true", help="in kết quả dạng JSON")
    an.add_argument("--xlsx", help="ghi kết quả ra bảng tính .xlsx")
    an.set_defaults(func=cmd_dossiers_analyze)

    report = sub.add_parser("report", help="báo cáo CCHC gửi cấp trên").add_subparsers(
        dest="report_command", required=True
    )
    build = report.add_parser("build", help="lập báo cáo (Word; phụ lục Excel, PDF) của một Sở cho một kỳ")
    build.add_argument("--org", required=True, help="mã của Sở")
    build.add_argument(
        "--kind", required=True, help="quarter, half, nine_months, year, week, month hoặc plan"
    )
    build.add_argument(
        "--period", required=True, help="2026-Q3, 2026-H1, 2026, 2026-W49, 2026-11, hoặc id của kế hoạch"
    )
    build.add_argument("--out", required=True, help="tệp Word (.docx) sẽ ghi")
    build.add_argument("--xlsx", help="tệp phụ lục Excel (.xlsx) sẽ ghi")
    build.add_argument("--pdf", help="tệp PDF sẽ ghi (cần LibreOffice)")
    build.add_argument("--refresh", action="store_true", help="tính lại số liệu của báo cáo đã có")
    build.set_defaults(func=cmd_report_build)
    score = sub.add_parser(
        "score",
        help="chấm điểm Chỉ số CCHC: import-criteria, export-criteria, copy-criteria, open, propose, show…",
        add_help=False,
    )
    score.add_argument("args", nargs=argparse.REMAINDER)
    score.set_defaults(func=lambda a: _django(["score", *a.args]))
    demo = sub.add_parser("demo", help="tạo CSDL và dữ liệu mẫu (một Sở, người dùng mẫu, một kế hoạch)")
    demo.set_defaults(func=cmd_demo)
    serve = sub.add_parser("serve", help="chạy ứng dụng web")
    serve.add_argument("--addr", default="127.0.0.1:8000")
    # Python runs one thread at a time per process: processes, not threads, use the cores.
    # The pages are CPU work: more processes than cores + 1 only add switching (measured, see
    # benchmarks/README.md);
    # the one spare keeps a slow request (a PDF upload) from stalling a core's queue.
    serve.add_argument("--workers", type=int, default=(os.cpu_count() or 1) + 1)
    serve.add_argument("--threads", type=int, default=1, help="luồng mỗi tiến trình (mặc định 1)")
    serve.add_argument(
        "--dev",
        action="store_true",
        help="máy chủ phát triển của Django (tự nạp lại mã); chạy được không cần CCHC_SECRET_KEY",
    )
    serve.add_argument(
        "--no-worker",
        action="store_true",
        help="không chạy tiến trình nền bên cạnh (khi đã chạy cchc worker riêng)",
    )
    serve.set_defaults(func=cmd_serve)
    remind = sub.add_parser(
        "remind", help="một lượt đôn đốc: nhắc việc, báo cáo định kỳ, tổng hợp tuần, gửi thư (cho cron)"
    )
    remind.add_argument("--once", action="store_true", help="chạy một lượt rồi dừng (mặc định)")
    remind.add_argument("--now", help="coi như đang ở thời điểm này (ISO, ví dụ 2026-03-25T08:00)")
    remind.add_argument("--org", help="chỉ chạy cho Sở có mã này")
    remind.set_defaults(func=cmd_remind)
    worker = sub.add_parser("worker", help="chạy liên tục các công việc đôn đốc (dừng bằng Ctrl+C/SIGTERM)")
    worker.add_argument("--interval", type=float, default=60.0, help="số giây giữa hai lượt (mặc định 60)")
    worker.set_defaults(func=cmd_worker)
    manage = sub.add_parser("manage", help="chạy một lệnh quản trị Django", add_help=False)
    manage.add_argument("args", nargs=argparse.REMAINDER)
    manage.set_defaults(func=lambda a: _django(a.args))
    return p


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    return args.func(args)


if __name__ == "__main__":
    sys.exit(main())
