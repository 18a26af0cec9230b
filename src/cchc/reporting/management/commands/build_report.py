"""``cchc report build``: a report's Word document (and its Excel appendix, its PDF) from the
command line, for a department, a kind and a period."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from cchc.core.errors import UserError
from cchc.orgs.models import Organisation
from cchc.reporting import files, services


class Command(BaseCommand):
    help = "Lập báo cáo CCHC (Word, phụ lục Excel, PDF) của một Sở cho một kỳ."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--org", required=True, help="mã của Sở")
        parser.add_argument(
            "--kind", required=True, help="quarter, half, nine_months, year, week, month, plan"
        )
        parser.add_argument(
            "--period", required=True, help="2026-Q3, 2026-H1, 2026, 2026-W49, 2026-11 hoặc id kế hoạch"
        )
        parser.add_argument("--out", required=True, help="tệp Word (.docx) sẽ ghi")
        parser.add_argument("--xlsx", help="tệp phụ lục Excel (.xlsx) sẽ ghi")
        parser.add_argument("--pdf", help="tệp PDF sẽ ghi (cần LibreOffice)")
        parser.add_argument("--refresh", action="store_true", help="tính lại số liệu của báo cáo đã có")

    def handle(self, *args: Any, **opts: Any) -> None:
        org = Organisation.objects.filter(code=opts["org"]).first()
        if org is None:
            raise CommandError(f"Không có Sở mã “{opts['org']}”.", returncode=2)
        try:
            report = services.open_report(org, opts["kind"], opts["period"])
            if opts["refresh"]:
                services.refresh(report, None)
            rendered = files.render(report, pdf=bool(opts["pdf"]))
        except UserError as exc:
            raise CommandError(exc.message, returncode=2) from exc
        if opts["pdf"] and rendered.pdf is None:
            raise CommandError("Không tạo được PDF: máy chưa cài LibreOffice (soffice).", returncode=2)
        written = [(opts["out"], rendered.docx), (opts["xlsx"], rendered.xlsx), (opts["pdf"], rendered.pdf)]
        for path, data in written:
            if path and data is not None:
                try:
                    Path(path).write_bytes(data)
                except OSError as exc:
                    raise CommandError(f"Không ghi được {path}: {exc.strerror}", returncode=2) from exc
                self.stdout.write(f"Đã ghi {path}")
        files.keep(report, rendered, None)
        self.stdout.write(
            f"{report.title}: số liệu từ {report.window_start:%d/%m/%Y} "
            f"đến {report.window_end:%d/%m/%Y} (lần cập nhật {report.data_version})."
        )
