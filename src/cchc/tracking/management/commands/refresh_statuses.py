"""refresh_statuses [--today YYYY-MM-DD] [--org CODE]: the daily pass over obligation statuses."""

from __future__ import annotations

from datetime import date

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from cchc.orgs.models import Organisation
from cchc.tracking.statuses import refresh_statuses


class Command(BaseCommand):
    help = (
        "Cập nhật trạng thái các nghĩa vụ báo cáo theo ngày (quá hạn, gia hạn, đang thực hiện, "
        "chưa đến hạn). Chạy hằng ngày; chạy lại trong ngày không thay đổi gì thêm."
    )

    def add_arguments(self, parser):
        parser.add_argument("--today", help="ngày tính trạng thái, dạng YYYY-MM-DD (mặc định: hôm nay)")
        parser.add_argument("--org", help="mã Sở (Organisation.code); mặc định: tất cả các Sở")

    def handle(self, *args, **options):
        today = timezone.localdate()
        if options.get("today"):
            try:
                today = date.fromisoformat(options["today"])
            except ValueError as exc:
                raise CommandError(
                    f"Ngày “{options['today']}” không hợp lệ: hãy viết dạng YYYY-MM-DD."
                ) from exc
        org = None
        if options.get("org"):
            org = Organisation.objects.filter(code=options["org"]).first()
            if org is None:
                raise CommandError(f"Không có Sở với mã “{options['org']}”. Hãy kiểm tra lại --org.")
        changed = refresh_statuses(today=today, organisation=org)
        scope = f" của {org.name}" if org else ""
        self.stdout.write(f"Ngày {today:%d/%m/%Y}: đã cập nhật trạng thái {changed} nghĩa vụ{scope}.")
