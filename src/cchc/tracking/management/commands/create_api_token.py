"""create_api_token: a token for the JSON API, printed once (only its hash is kept)."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from cchc.tracking.api import issue_token
from cchc.tracking.permissions import user_org


class Command(BaseCommand):
    help = (
        "Cấp token cho API JSON (/api/v1/) thay mặt một người dùng; token có đúng quyền của người đó. "
        "Token chỉ được in ra một lần."
    )

    def add_arguments(self, parser):
        parser.add_argument("username", help="tên đăng nhập của người dùng mà token thay mặt")
        parser.add_argument(
            "--name", required=True, help="tên hệ thống dùng token (để nhận ra và thu hồi sau này)"
        )

    def handle(self, *args, **options):
        username, name = options["username"], options["name"].strip()
        if not name:
            raise CommandError("Hãy đặt tên cho token (--name), ví dụ tên hệ thống sẽ dùng nó.")
        user = get_user_model().objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"Không có người dùng “{username}”.")
        if not user.is_active:
            raise CommandError(f"Người dùng “{username}” đang bị khóa; token của họ sẽ không dùng được.")
        org = user_org(user)
        if org is None:
            raise CommandError(
                f"Người dùng “{username}” chưa thuộc Sở nào (chưa có vai trò): token sẽ không thấy gì. "
                "Hãy gán vai trò trong trang quản trị trước."
            )
        token, raw = issue_token(user, name)
        self.stdout.write(raw)
        self.stderr.write(
            f"Đã cấp token “{token.name}” (tiền tố {token.prefix}) cho {username} – {org.name}. "
            "Hãy lưu token ngay: nó không được hiển thị lại. Gửi kèm mỗi yêu cầu: "
            "Authorization: Bearer <token>"
        )
