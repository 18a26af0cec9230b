"""remind --once [--now ISO-DATETIME] [--org CODE]: one pass of every chasing job (for cron and tests)."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from cchc.chasing.services import parse_now, run_all, worker_name
from cchc.orgs.models import Organisation


class Command(BaseCommand):
    help = (
        "Chạy một lượt đôn đốc: nhắc việc, đề nghị báo cáo định kỳ, tổng hợp hàng tuần (khi đến ngày), "
        "rồi gửi thư đang chờ. An toàn khi chạy lại hoặc chạy song song."
    )

    def add_arguments(self, parser):
        parser.add_argument("--once", action="store_true", help="chạy một lượt rồi dừng (mặc định)")
        parser.add_argument("--now", help="coi như đang ở thời điểm này (ISO, ví dụ 2026-03-25T08:00)")
        parser.add_argument("--org", help="chỉ chạy cho Sở có mã này")

    def handle(self, *args, **options):
        try:
            now = parse_now(options.get("now"))
        except ValueError as exc:
            raise CommandError(str(exc)) from exc
        org = None
        if options.get("org"):
            org = Organisation.objects.filter(code=options["org"]).first()
            if org is None:
                raise CommandError(f"Không có Sở với mã “{options['org']}”. Hãy kiểm tra lại --org.")
        results = run_all(now=now, worker_id=worker_name(), organisation=org)
        for r in results:
            if r.ran:
                self.stdout.write(r.summary())
        # A message the mail server refused is retried by the next pass; a job that broke is an error.
        broken = [f"{r.job}: {e}" for r in results if r.job != "send" for e in r.errors]
        if broken:
            raise CommandError("Lượt đôn đốc bị lỗi (chi tiết trong nhật ký): " + "; ".join(broken)[:500])
