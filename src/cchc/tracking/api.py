"""The JSON API (mounted under /api/v1/): other systems list obligations and push reports.

Authentication is a token only (``Authorization: Bearer <token>``, made with
``cchc manage create_api_token USERNAME --name NAME``); the token acts as its user, with
exactly that user's rights. Sessions and cookies are ignored, so the views need no CSRF
token. Every answer is JSON, errors included: ``{"error": {"code", "message"}}`` with
400 (bad input), 401 (no or bad token), 403 (no right), 404 (not found or not visible),
405, 409 (state conflict, stale version), 413 (body too large), 503 (the database busy with
another writer: nothing written, try again; ``Retry-After``), 500 (logged, no details).
docs/api.md documents it for the people who call it.
"""

from __future__ import annotations

import hashlib
import json
import logging
import secrets
from collections.abc import Callable
from datetime import date, datetime, timedelta
from decimal import Decimal
from functools import wraps
from typing import Any
from urllib.parse import urlencode

from django.core.exceptions import RequestDataTooBig
from django.db.models import F, QuerySet
from django.http import HttpRequest, JsonResponse
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt

from cchc.core.ids import DB_INT_MAX, parse_id
from cchc.orgs.models import Membership, Unit
from cchc.plans.models import Target
from cchc.tracking import permissions, reports
from cchc.tracking.errors import Conflict, NotAllowed, StaleVersion, TrackingError, Unavailable
from cchc.tracking.evidence import MAX_EVIDENCE_ITEMS
from cchc.tracking.models import (
    DONE_STATUSES,
    OPEN_STATUSES,
    ApiToken,
    Obligation,
    ObligationStatus,
    Report,
)
from cchc.ui.database import BUSY_MESSAGE, RETRY_AFTER_SECONDS, is_busy

logger = logging.getLogger(__name__)

TOKEN_PREFIX = "cchc_"
PAGE_SIZE = 50
MAX_PAGE_SIZE = 200
# The last page number asked for that keeps the row offset inside a 64-bit integer.
MAX_PAGE = DB_INT_MAX // MAX_PAGE_SIZE
# Writing last_used_at on every call would turn each read into a write.
LAST_USED_GRANULARITY = timedelta(minutes=5)
STATUS_GROUPS = {"open": OPEN_STATUSES, "done": DONE_STATUSES}


# --- tokens -----------------------------------------------------------------------------------


def hash_token(raw: str) -> str:
    # A token carries 256 random bits: a plain SHA-256 cannot be reversed by guessing.
    return hashlib.sha256(raw.encode("utf-8")).hexdigest()


def issue_token(user: Any, name: str) -> tuple[ApiToken, str]:
    """A new token for ``user``; the raw value is returned once and never stored."""
    raw = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        user=user, name=name.strip()[:100], key_hash=hash_token(raw), prefix=raw[len(TOKEN_PREFIX) :][:8]
    )
    return token, raw


def user_for_token(raw: str) -> Any | None:
    token = (
        ApiToken.objects.select_related("user")
        .filter(key_hash=hash_token(raw.strip()), revoked=False)
        .first()
    )
    if token is None or not token.user.is_active:
        return None
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at > LAST_USED_GRANULARITY:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token.user


# --- plumbing ---------------------------------------------------------------------------------


class ApiError(Exception):
    """An answer other than success, raised anywhere in a view."""

    def __init__(self, status: int, code: str, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.status, self.code, self.message, self.field = status, code, message, field


def _error(status: int, code: str, message: str, field: str | None = None) -> JsonResponse:
    body: dict[str, Any] = {"code": code, "message": message}
    if field:
        body["field"] = field
    response = JsonResponse({"error": body}, status=status, json_dumps_params={"ensure_ascii": False})
    if status == 401:
        response["WWW-Authenticate"] = 'Bearer realm="cchc"'
    return response


def _tracking_error(exc: TrackingError) -> JsonResponse:
    if isinstance(exc, NotAllowed):
        return _error(403, "forbidden", exc.message, exc.field)
    if isinstance(exc, StaleVersion):
        return _error(409, "stale_version", exc.message, exc.field)
    if isinstance(exc, Conflict):
        return _error(409, "conflict", exc.message, exc.field)
    if isinstance(exc, Unavailable):
        return _error(503, "unavailable", exc.message, exc.field)
    return _error(400, "invalid_input", exc.message, exc.field)


def _ok(data: Any, status: int = 200) -> JsonResponse:
    return JsonResponse(data, status=status, safe=False, json_dumps_params={"ensure_ascii": False})


def _authenticate(request: HttpRequest) -> Any:
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
                    response = _error(
                        405,
                        "method_not_allowed",
                        f"Phương thức {request.method} không dùng được ở địa chỉ này; "
                        f"hãy dùng {', '.join(methods)}.",
                    )
                    response["Allow"] = ", ".join(methods)
                    return response
                user = _authenticate(request)
                return view(request, user, *args, **kwargs)
            except ApiError as exc:
                return _error(exc.status, exc.code, exc.message, exc.field)
            except TrackingError as exc:
                return _tracking_error(exc)
            except Exception as exc:
                if is_busy(exc):  # another writer held the database: nothing written, retry
                    logger.warning("API busy: %s %s: %s", request.method, request.path, exc)
                    response = _error(503, "busy", BUSY_MESSAGE)
                    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
                    return response
                logger.exception("API error: %s %s", request.method, request.path)
                return _error(
                    500, "server_error", "Lỗi hệ thống; đã ghi nhận. Hãy thử lại sau hoặc báo quản trị."
                )

        return wrapper

    return decorate


def _iso(value: date | datetime | None) -> str | None:
    if value is None:
        return None
    if isinstance(value, datetime):
        return timezone.localtime(value).isoformat()
    return value.isoformat()


def _number(value: Decimal | None) -> int | float | None:
    if value is None:
        return None
    return int(value) if value == value.to_integral_value() else float(value)


def _url(request: HttpRequest, name: str, *args: Any) -> str | None:
    try:
        return request.build_absolute_uri(reverse(name, args=args))
    except NoReverseMatch:
        return None


def _person(user: Any) -> str | None:
    return user.get_username() if user is not None else None


# --- serialisers ------------------------------------------------------------------------------


def _obligation_json(request: HttpRequest, o: Obligation) -> dict[str, Any]:
    return {
        "id": o.pk,
        "task": {"id": o.task_id, "number": o.task.number, "text": o.task.text},
        "plan": {"id": o.plan_id, "number": o.plan.number, "title": o.plan.title},
        "unit": {"code": o.unit.code, "name": o.unit.name},
        "period": {
            "key": o.period_key,
            "label": o.period_label,
            "start": _iso(o.period_start),
            "end": _iso(o.period_end),
        },
        "due_date": _iso(o.due_date),
        "current_due": _iso(o.current_due),
        "extended": o.extended,
        "completed_on": _iso(o.completed_on),
        "status": o.status,
        "status_label": o.get_status_display(),
        "last_activity_at": _iso(o.last_activity_at),
        "links": {
            "self": _url(request, "api:obligation", o.pk),
            "reports": _url(request, "api:reports", o.pk),
        },
    }


def _report_json(request: HttpRequest, r: Report) -> dict[str, Any]:
    return {
        "id": r.pk,
        "obligation_id": r.obligation_id,
        "state": r.state,
        "state_label": r.get_state_display(),
        "version": r.version,
        "narrative": r.narrative,
        "progress": r.progress,
        "previous_id": r.previous_id,
        "created_by": _person(r.created_by),
        "created_at": _iso(r.created_at),
        "submitted_by": _person(r.submitted_by),
        "submitted_at": _iso(r.submitted_at),
        "reviewed_by": _person(r.reviewed_by),
        "reviewed_at": _iso(r.reviewed_at),
        "review_comment": r.review_comment,
        "evidence": [
            {
                "id": e.pk,
                "doc_number": e.doc_number,
                "doc_date": _iso(e.doc_date),
                "summary": e.summary,
                "url": e.url,
                "file": _url(request, "tracking:evidence_file", e.pk) if e.file else None,
            }
            for e in r.evidence.all()
        ],
        "measurements": [
            {
                "target_id": m.target.pk,
                "target": m.target.label or m.target.text,
                "value": _number(m.value),
                "attainment": m.attainment.value,
                "attainment_label": m.attainment.label,
            }
            for m in reports.measurements_with_attainment(r)
            if m.value is not None
        ],
    }


def _target_json(t: Target) -> dict[str, Any]:
    return {
        "id": t.pk,
        "text": t.text,
        "label": t.label,
        "op": t.op,
        "value": _number(t.value),
        "unit": t.unit,
    }


# --- reads ------------------------------------------------------------------------------------


def _visible(user: Any) -> QuerySet[Obligation]:
    return permissions.visible_obligations(user).filter(is_active=True).select_related("task", "plan", "unit")


def _int_param(
    request: HttpRequest, name: str, default: int | None = None, minimum: int = 1, maximum: int = DB_INT_MAX
) -> int | None:
    raw = request.GET.get(name, "").strip()
    if not raw:
        return default
    value = parse_id(raw, minimum=minimum, maximum=maximum)
    if value is None:
        raise ApiError(
            400,
            "invalid_input",
            f"Tham số “{name}” phải là số nguyên từ {minimum} đến {maximum}.",
            name,
        )
    return value


def _date_param(request: HttpRequest, name: str) -> date | None:
    raw = request.GET.get(name, "").strip()
    if not raw:
        return None
    try:
        return date.fromisoformat(raw)
    except ValueError:
        raise ApiError(
            400, "invalid_input", f"Tham số “{name}” phải là ngày dạng YYYY-MM-DD, ví dụ 2026-06-30.", name
        ) from None


def _filter(request: HttpRequest, user: Any, qs: QuerySet[Obligation]) -> QuerySet[Obligation]:
    status = request.GET.get("status", "").strip()
    if status:
        wanted: set[str] = set()
        for part in (p.strip() for p in status.split(",") if p.strip()):
            if part in STATUS_GROUPS:
                wanted.update(STATUS_GROUPS[part])
            elif part in ObligationStatus.values:
                wanted.add(part)
            else:
                allowed = ", ".join([*ObligationStatus.values, *STATUS_GROUPS])
                raise ApiError(
                    400,
                    "invalid_input",
                    f"Trạng thái “{part}” không có; hãy dùng một trong: {allowed}.",
                    "status",
                )
        qs = qs.filter(status__in=wanted)
    unit = request.GET.get("unit", "").strip()
    if unit:
        orgs = Membership.objects.filter(user=user).values("organisation_id")
        units = list(
            Unit.objects.filter(organisation_id__in=orgs, code__iexact=unit).values_list("pk", flat=True)
        )
        if not units:
            raise ApiError(400, "invalid_input", f"Không có đơn vị mã “{unit}” trong Sở của bạn.", "unit")
        qs = qs.filter(unit_id__in=units)
    plan = _int_param(request, "plan")
    if plan is not None:
        qs = qs.filter(plan_id=plan)
    due_from, due_to = _date_param(request, "due_from"), _date_param(request, "due_to")
    if due_from:
        qs = qs.filter(current_due__gte=due_from)
    if due_to:
        qs = qs.filter(current_due__lte=due_to)
    return qs


def _page_url(request: HttpRequest, page: int) -> str:
    params = request.GET.copy()
    params["page"] = str(page)
    return request.build_absolute_uri(f"{request.path}?{urlencode(sorted(params.items()))}")


@api_view("GET")
def obligation_list(request: HttpRequest, user: Any) -> JsonResponse:
    """GET obligations?status=&unit=&plan=&due_from=&due_to=&page=&page_size="""
    qs = _filter(request, user, _visible(user))
    page = _int_param(request, "page", 1, maximum=MAX_PAGE)
    size = _int_param(request, "page_size", PAGE_SIZE)
    if size > MAX_PAGE_SIZE:
        raise ApiError(400, "invalid_input", f"page_size tối đa là {MAX_PAGE_SIZE}.", "page_size")
    count = qs.count()
    pages = max(1, -(-count // size))
    ordered = qs.order_by(F("current_due").asc(nulls_last=True), "id")
    rows = list(ordered[(page - 1) * size : page * size]) if page <= pages else []
    return _ok(
        {
            "count": count,
            "page": page,
            "page_size": size,
            "num_pages": pages,
            "next": _page_url(request, page + 1) if page < pages else None,
            "previous": _page_url(request, min(page - 1, pages)) if page > 1 else None,
            "results": [_obligation_json(request, o) for o in rows],
        }
    )


def _get_visible(user: Any, pk: int | str) -> Obligation:
    pk = int(pk)
    obligation = _visible(user).filter(pk=pk).first() if pk < 2**63 else None
    if obligation is None:
        # Another department's obligation is reported as missing, never as forbidden.
        raise ApiError(404, "not_found", f"Không có nghĩa vụ báo cáo số {pk} (hoặc bạn không được xem).")
    return obligation


def _reports(obligation: Obligation) -> QuerySet[Report]:
    return (
        obligation.reports.select_related("created_by", "submitted_by", "reviewed_by")
        .prefetch_related("evidence")
        .order_by("created_at", "id")
    )


@api_view("GET")
def obligation_detail(request: HttpRequest, user: Any, pk: int) -> JsonResponse:
    obligation = _get_visible(user, pk)
    data = _obligation_json(request, obligation)
    data["task"].update(product=obligation.task.product, schedule=obligation.task.schedule_text)
    data["targets"] = [
        _target_json(t)
        for t in Target.objects.filter(task_id=obligation.task_id, kind=Target.Kind.TARGET).order_by("id")
    ]
    # The same rule as the task page: a coordinating unit sees no report of the lead unit.
    visible = permissions.can_see_reports(user, obligation)
    data["reports"] = [_report_json(request, r) for r in _reports(obligation)] if visible else []
    data["extensions"] = [
        {
            "id": x.pk,
            "state": x.state,
            "state_label": x.get_state_display(),
            "requested_due": _iso(x.requested_due),
            "reason": x.reason,
            "requested_by": _person(x.requested_by),
            "decided_by": _person(x.decided_by),
            "decided_at": _iso(x.decided_at),
            "decision_note": x.decision_note,
        }
        for x in obligation.extensions.select_related("requested_by", "decided_by").order_by("created_at")
    ]
    data["contributions"] = [
        {
            "unit": c.unit.name,
            "text": c.text,
            "created_by": _person(c.created_by),
            "created_at": _iso(c.created_at),
        }
        for c in obligation.contributions.select_related("unit", "created_by")
    ]
    data["can"] = {
        "save_draft": permissions.can_report(user, obligation),
        "submit": permissions.can_submit(user, obligation),
        "contribute": permissions.can_contribute(user, obligation),
    }
    return _ok(data)


# --- writes -----------------------------------------------------------------------------------


def _body(request: HttpRequest) -> dict[str, Any]:
    try:
        raw = request.body
    except RequestDataTooBig:
        raise ApiError(
            413, "too_large", "Nội dung gửi lên quá lớn; hãy gửi đường dẫn tới văn bản thay vì tệp."
        ) from None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise ApiError(400, "invalid_json", "Nội dung gửi lên không phải JSON hợp lệ (UTF-8).") from None
    try:
        data = json.loads(text or "null")
    except ValueError:
        raise ApiError(400, "invalid_json", "Nội dung gửi lên không phải JSON hợp lệ (UTF-8).") from None
    except RecursionError:
        # The parser recurses once a level of [ or {: a deep enough body exhausts the stack.
        raise ApiError(400, "invalid_json", "Nội dung JSON lồng nhau quá nhiều cấp.") from None
    if not isinstance(data, dict):
        raise ApiError(400, "invalid_json", "Nội dung gửi lên phải là một đối tượng JSON {…}.")
    return data


def _text(data: dict[str, Any], name: str, *, required: bool = False) -> str:
    value = data.get(name)
    if value is None:
        if required:
            raise ApiError(400, "invalid_input", f"Thiếu trường “{name}”.", name)
        return ""
    if not isinstance(value, str):
        raise ApiError(400, "invalid_input", f"Trường “{name}” phải là chuỗi ký tự.", name)
    return value


def _optional_int(data: dict[str, Any], name: str) -> int | None:
    value = data.get(name)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or parse_id(value, minimum=0) is None:
        raise ApiError(
            400, "invalid_input", f"Trường “{name}” phải là số nguyên từ 0 đến {DB_INT_MAX}.", name
        )
    return value


def _evidence_items(data: dict[str, Any]) -> list[reports.EvidenceInput]:
    raw = data.get("evidence") or []
    if not isinstance(raw, list):
        raise ApiError(400, "invalid_input", "Trường “evidence” phải là một danh sách […].", "evidence")
    if len(raw) > MAX_EVIDENCE_ITEMS:
        raise ApiError(
            400,
            "invalid_input",
            f"Mỗi lần gửi tối đa {MAX_EVIDENCE_ITEMS} tài liệu kiểm chứng (đã gửi {len(raw)}); "
            "hãy chia thành nhiều lần.",
            "evidence",
        )
    items = []
    for n, entry in enumerate(raw, start=1):
        if not isinstance(entry, dict):
            raise ApiError(400, "invalid_input", f"Tài liệu thứ {n} phải là một đối tượng {{…}}.", "evidence")
        doc_date = _text(entry, "doc_date", required=True)
        try:
            parsed = date.fromisoformat(doc_date.strip())
        except ValueError:
            raise ApiError(
                400,
                "invalid_input",
                f"Ngày ban hành của tài liệu thứ {n} phải có dạng YYYY-MM-DD, không phải “{doc_date}”.",
                "doc_date",
            ) from None
        items.append(
            reports.EvidenceInput(
                doc_number=_text(entry, "doc_number", required=True),
                doc_date=parsed,
                summary=_text(entry, "summary", required=True),
                url=_text(entry, "url"),
            )
        )
    return items


@api_view("POST")
def report_create(request: HttpRequest, user: Any, pk: int) -> JsonResponse:
    """POST obligations/<id>/reports: a draft, or (``"submit": true``) a report sent for review."""
    obligation = _get_visible(user, pk)
    data = _body(request)
    submit = data.get("submit", False)
    if not isinstance(submit, bool):
        raise ApiError(400, "invalid_input", "Trường “submit” phải là true hoặc false.", "submit")
    if "progress" not in data:
        raise ApiError(400, "invalid_input", "Thiếu trường “progress” (tiến độ, 0–100).", "progress")
    progress = data["progress"]
    if isinstance(progress, bool) or not isinstance(progress, (int, str)):
        raise ApiError(400, "invalid_input", "Trường “progress” phải là số nguyên từ 0 đến 100.", "progress")
    narrative = _text(data, "narrative")
    measurements = data.get("measurements") or {}
    if not isinstance(measurements, dict):
        raise ApiError(
            400,
            "invalid_input",
            "Trường “measurements” phải là một đối tượng {mã chỉ tiêu: số liệu}.",
            "measurements",
        )
    items = _evidence_items(data)
    report_id, version = _optional_int(data, "report_id"), _optional_int(data, "version")
    report = None
    if report_id is not None:
        report = Report.objects.filter(pk=report_id, obligation=obligation).first()
        if report is None:
            raise ApiError(404, "not_found", f"Nghĩa vụ này không có báo cáo số {report_id}.", "report_id")
    if submit:
        saved = reports.submit_report(
            obligation,
            user,
            narrative=narrative,
            progress=progress,
            evidence=items,
            measurements=measurements,
            report=report,
            expected_version=version,
        )
    else:
        saved = _save_draft(obligation, user, narrative, progress, items, measurements, report, version)
    saved = Report.objects.select_related("created_by", "submitted_by", "reviewed_by").get(pk=saved.pk)
    obligation.refresh_from_db()
    body = _report_json(request, saved)
    body["obligation"] = {
        "id": obligation.pk,
        "status": obligation.status,
        "status_label": obligation.get_status_display(),
    }
    response = _ok(body, status=201)
    response["Location"] = _url(request, "api:obligation", obligation.pk) or ""
    return response


def _save_draft(
    obligation: Obligation,
    user: Any,
    narrative: str,
    progress: Any,
    items: list[reports.EvidenceInput],
    measurements: dict[str, Any],
    report: Report | None,
    version: int | None,
) -> Report:
    """A draft with its evidence, all or nothing (one service, one transaction)."""
    return reports.save_draft(
        obligation,
        user,
        narrative=narrative,
        progress=progress,
        report=report,
        expected_version=version,
        measurements=measurements,
        evidence=items,
    )


@csrf_exempt
def not_found(request: HttpRequest, *args: Any, **kwargs: Any) -> JsonResponse:
    return _error(404, "not_found", f"Không có địa chỉ {request.path} trong API; xem tài liệu docs/api.md.")
