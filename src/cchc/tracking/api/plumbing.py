"""The API's plumbing: errors as JSON, token authentication, the view decorator, value
formats (dates, numbers, URLs, people)."""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import date, datetime
from decimal import Decimal
from functools import wraps
from typing import Any

from django.http import HttpRequest, JsonResponse
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt

from cchc.core.errors import UserError
from cchc.orgs.types import User
from cchc.tracking.api.tokens import user_for_token
from cchc.tracking.errors import Conflict, NotAllowed, StaleVersion, TrackingError, Unavailable
from cchc.ui.database import BUSY_MESSAGE, RETRY_AFTER_SECONDS, is_busy

logger = logging.getLogger("cchc.tracking.api")

# --- plumbing ---------------------------------------------------------------------------------


class ApiError(UserError):
    """An answer other than success, raised anywhere in a view."""

    def __init__(self, status: int, code: str, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.status, self.code, self.message, self.field = status, code, message, field


def error(status: int, code: str, message: str, field: str | None = None) -> JsonResponse:
    body: dict[str, Any] = {"code": code, "message": message}
    if field:
        body["field"] = field
    response = JsonResponse({"error": body}, status=status, json_dumps_params={"ensure_ascii": False})
    if status == 401:
        response["WWW-Authenticate"] = 'Bearer realm="cchc"'
    return response


def tracking_error(exc: TrackingError) -> JsonResponse:
    if isinstance(exc, NotAllowed):
        return error(403, "forbidden", exc.message, exc.field)
    if isinstance(exc, StaleVersion):
        return error(409, "stale_version", exc.message, exc.field)
    if isinstance(exc, Conflict):
        return error(409, "conflict", exc.message, exc.field)
    if isinstance(exc, Unavailable):
        return error(503, "unavailable", exc.message, exc.field)
    return error(400, "invalid_input", exc.message, exc.field)


def ok(data: Any, status: int = 200) -> JsonResponse:
    return JsonResponse(data, status=status, safe=False, json_dumps_params={"ensure_ascii": False})


def authenticate(request: HttpRequest) -> Any:
    header = request.headers.get("Authorization", "")
    scheme, _, raw = header.partition(" ")
    if scheme.lower() != "bearer" or not raw.strip():
        raise ApiError(
            401,
            "unauthorized",
            "Thiếu token: hãy gửi tiêu đề “Authorization: Bearer <token>” với mỗi yêu cầu.",
        )
    user = user_for_token(raw)
    if user is None:
        raise ApiError(
            401, "unauthorized", "Token không hợp lệ hoặc đã bị thu hồi: hãy xin Văn phòng Sở cấp token mới."
        )
    return user


def api_view(*methods: str) -> Callable:
    """Token auth, method check, and JSON for every outcome (never an HTML page)."""

    def decorate(view: Callable) -> Callable:
        @csrf_exempt
        @wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> JsonResponse:
            try:
                if request.method not in methods:
                    response = error(
                        405,
                        "method_not_allowed",
                        f"Phương thức {request.method} không dùng được ở địa chỉ này; "
                        f"hãy dùng {', '.join(methods)}.",
                    )
                    response["Allow"] = ", ".join(methods)
                    return response
                user = authenticate(request)
                return view(request, user, *args, **kwargs)
            except ApiError as exc:
                return error(exc.status, exc.code, exc.message, exc.field)
            except TrackingError as exc:
                return tracking_error(exc)
            except Exception as exc:
                if is_busy(exc):  # another writer held the database: nothing written, retry
                    logger.warning("API busy: %s %s: %s", request.method, request.path, exc)
                    response = error(503, "busy", BUSY_MESSAGE)
                    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
                    return response
                logger.exception("API error: %s %s", request.method, request.path)
                return error(
                    500, "server_error", "Lỗi hệ thống; đã ghi nhận. Hãy thử lại sau hoặc báo quản trị."
                )

        return wrapper

    return decorate


def iso(value: date | datetime | None) -> str | None:
    if value is None:
        return None
    if isinstance(value, datetime):
        return timezone.localtime(value).isoformat()
    return value.isoformat()


def number(value: Decimal | None) -> int | float | None:
    if value is None:
        return None
    return int(value) if value == value.to_integral_value() else float(value)


def url(request: HttpRequest, name: str, *args: Any) -> str | None:
    try:
        return request.build_absolute_uri(reverse(name, args=args))
    except NoReverseMatch:
        return None


def person(user: User | None) -> str | None:
    return user.get_username() if user is not None else None


@csrf_exempt
def not_found(request: HttpRequest, *args: Any, **kwargs: Any) -> JsonResponse:
    return error(404, "not_found", f"Không có địa chỉ {request.path} trong API; xem tài liệu docs/api.md.")
