"""seed_demo: the demo department, its units, one user per role, the demo plans and their history
(idempotent); writes this year's plan text to ``var/demo/`` for a first import by hand.

Here in ``web``, an entry point: the demo writes through every app's services."""

from __future__ import annotations

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from cchc.demo import plan_text
from cchc.demo.seed import DEMO_PASSWORD, seed_demo
from cchc.plans.services import ImportRefused


class Command(BaseCommand):
    help = (
        "Tạo dữ liệu mẫu: một Sở, các đơn vị, người dùng mẫu cho từng vai trò và một kế hoạch "
        "(chạy lại không tạo trùng)."
    )

    def handle(self, *args, **options):
        try:
            report = seed_demo()
        except ImportRefused as exc:
            raise CommandError(exc.message) from exc
        org = report.organisation
        self.stdout.write(
            f"Sở mẫu: {org.name} (mã {org.code}), {report.unit_count} đơn vị"
            f"{' (mới tạo)' if report.organisation_created else ''}."
        )
        for plan, created in report.plans:
            state = "đã nhập" if created else "đã có từ trước"
            tasks = plan.tasks.filter(is_group=False).count()
            period = f"{plan.period_start:%d/%m/%Y} – {plan.period_end:%d/%m/%Y}"
            self.stdout.write(f"Kế hoạch mẫu {plan.number} ({period}): {tasks} nhiệm vụ ({state}).")
        if report.plans:
            path = plan_text.write(plan_text.plan_for(timezone.localdate().year), settings.VAR_DIR / "demo")
            self.stdout.write(
                f"Văn bản kế hoạch mẫu năm nay, để thử “Nhập kế hoạch” (hãy sửa số kế hoạch trước): {path}"
            )
        if report.history_reports:
            self.stdout.write(
                f"Quá trình thực hiện mẫu đến hôm nay: {report.history_reports} báo cáo của các đơn vị."
            )
        if report.dossiers_loaded:
            self.stdout.write(f"Hồ sơ TTHC mẫu: {report.dossiers_loaded} hồ sơ đã tải lên và phân tích.")
        if report.published:
            self.stdout.write(f"Trang công khai kết quả (không cần đăng nhập): /cong-khai/{org.code}/")
        self.stdout.write("")
        self.stdout.write("Tài khoản mẫu:")
        for username, role, created in report.users:
            password = DEMO_PASSWORD if created else "(giữ mật khẩu đã có)"
            self.stdout.write(f"  {username:<12} {password:<22} {role}")
        self.stdout.write(
            self.style.WARNING(
                f"CẢNH BÁO: đây là tài khoản mẫu với mật khẩu chung “{DEMO_PASSWORD}”, chỉ dùng để dùng thử. "
                "Không dùng trên máy chủ thật; hãy đổi mật khẩu hoặc xóa các tài khoản này."
            )
        )
