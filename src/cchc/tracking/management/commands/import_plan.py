"""import_plan FILE --org ORG [--year YYYY] [--user USERNAME] [--tracking-start YYYY-MM-DD
[--done-before]]: import a plan without preview."""

from __future__ import annotations

from datetime import date

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from cchc.orgs.models import Organisation
from cchc.plans.labels import PLAN_FILE_KINDS
from cchc.plans.models import Plan, PlanImport
from cchc.plans.services import ImportRefused
from cchc.tracking.confirming import import_plan_file


class Command(BaseCommand):
    help = "Nhập một tệp kế hoạch CCHC vào cơ sở dữ liệu (không qua bước xem trước)."

    def add_arguments(self, parser):
        parser.add_argument("file", help=f"tệp kế hoạch: {PLAN_FILE_KINDS}")
        parser.add_argument("--org", required=True, help="mã Sở (Organisation.code)")
        parser.add_argument("--year", type=int, help="năm của kế hoạch, khi tài liệu không ghi")
        parser.add_argument("--user", help="tên đăng nhập của người nhập")
        parser.add_argument(
            "--tracking-start",
            help="theo dõi từ ngày (YYYY-MM-DD); nghĩa vụ có hạn trước ngày này không theo dõi "
            "(mặc định: theo dõi từ đầu kế hoạch)",
        )
        parser.add_argument(
            "--done-before",
            action="store_true",
            help="ghi các nghĩa vụ có hạn trước --tracking-start là đã thực hiện trước khi dùng hệ thống",
        )

    def handle(self, *args, **options):
        org = Organisation.objects.filter(code=options["org"]).first()
        if org is None:
            raise CommandError(f"Không có Sở với mã “{options['org']}”. Hãy kiểm tra lại --org.")
        user = None
        if options.get("user"):
            user = get_user_model().objects.filter(username=options["user"]).first()
            if user is None:
                raise CommandError(f"Không có người dùng “{options['user']}”.")
        start = None
        if options.get("tracking_start"):
            try:
                start = date.fromisoformat(options["tracking_start"])
            except ValueError:
                raise CommandError(
                    f"--tracking-start “{options['tracking_start']}” không phải ngày dạng YYYY-MM-DD."
                ) from None
        if options.get("done_before") and start is None:
            raise CommandError("--done-before cần --tracking-start (ngày bắt đầu theo dõi).")
        before = Plan.BeforeTracking.DONE if options.get("done_before") else Plan.BeforeTracking.NOT_TRACKED
        try:
            plan = import_plan_file(
                org,
                options["file"],
                user=user,
                year=options.get("year"),
                tracking_start=start,
                before_tracking=before,
            )
        except ImportRefused as exc:
            raise CommandError(exc.message) from exc
        warnings = list(self._plan_warnings(plan))
        count = plan.tasks.filter(is_group=False).count()
        self.stdout.write(
            f"Đã nhập kế hoạch {plan.number or '(chưa có số)'} “{plan.title}”: {count} nhiệm vụ"
        )
        if warnings:
            self.stdout.write(f"{len(warnings)} cảnh báo:")
            for w in warnings:
                self.stdout.write(f"  ! {w}")

    @staticmethod
    def _plan_warnings(plan):
        draft = PlanImport.objects.filter(plan=plan).first()
        if draft is not None:
            yield from draft.parsed.get("warnings") or []
        for task in plan.tasks.order_by("order"):
            where = f"Mục {task.section or '?'} nhiệm vụ {task.number or '(không số)'}"
            for w in task.warnings or []:
                yield f"{where}: {w}"
