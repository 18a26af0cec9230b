"""POST obligations/<id>/reports: a draft, or a report sent for review."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

from django.core.exceptions import RequestDataTooBig
from django.http import HttpRequest, JsonResponse

from cchc.core.ids import DB_INT_MAX, parse_id
from cchc.orgs.types import User
from cchc.tracking import reports
from cchc.tracking.api.plumbing import ApiError, api_view, ok, url
from cchc.tracking.api.reads import get_visible
from cchc.tracking.api.serialise import report_json
from cchc.tracking.evidence import MAX_EVIDENCE_ITEMS
from cchc.tracking.models import (
    Report,
)

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
def report_create(request: HttpRequest, user: User, pk: int) -> JsonResponse:
    """POST obligations/<id>/reports: a draft, or (``"submit": true``) a report sent for review."""
    obligation = get_visible(user, pk)
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
    # Either service writes the report and its evidence in one transaction.
    save = reports.submit_report if submit else reports.save_draft
    saved = save(
        obligation,
        user,
        narrative=narrative,
        progress=progress,
        evidence=items,
        measurements=measurements,
        report=report,
        expected_version=version,
    )
    saved = Report.objects.select_related("created_by", "submitted_by", "reviewed_by").get(pk=saved.pk)
    obligation.refresh_from_db()
    body = report_json(request, saved)
    body["obligation"] = {
        "id": obligation.pk,
        "status": obligation.status,
        "status_label": obligation.get_status_display(),
    }
    response = ok(body, status=201)
    response["Location"] = url(request, "api:obligation", obligation.pk) or ""
    return response
