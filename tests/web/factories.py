"""Test data for the web tests: a small department, its people, drafts built by hand."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile

from cchc.core.periods import Period
from cchc.core.planread.model import ParsedPlan, PlanMeta, TaskDraft
from cchc.core.schedule import parse_schedule
from cchc.core.targets import extract_targets
from cchc.core.units import demo_directory
from cchc.orgs.models import Membership, Organisation, Unit
from cchc.orgs.selectors import alias_overrides, directory_for
from cchc.plans import drafting
from cchc.plans.models import PlanImport

PASSWORD = "mat-khau-thu-nghiem-1"

# The demo directory's units (VP, TTRA, KHTC, QLCN, QLNL, QLTM, KTAT, TTKC, QLTT, MC) and one
# outside body kept as a unit of kind "external", to map mentions to.
EXTERNAL_UNIT = ("SNV", "Sở Nội vụ", "external", "external", [])


def make_org(code: str = "sct-test", name: str = "Sở Công Thương tỉnh Thử Nghiệm") -> Organisation:
    org = Organisation.objects.create(code=code, name=name, province="Thử Nghiệm")
    units = [(u.code, u.name, u.kind, u.affiliation, list(u.abbreviations)) for u in demo_directory().units]
    for order, (ucode, uname, kind, affiliation, abbr) in enumerate([*units, EXTERNAL_UNIT], start=1):
        Unit.objects.create(
            organisation=org,
            code=ucode,
            name=uname,
            kind=kind,
            affiliation=affiliation,
            abbreviations=abbr,
            order=order,
        )
    return org


def make_user(
    org: Organisation | None,
    role: str = Membership.Role.COORDINATOR,
    username: str | None = None,
    unit_code: str | None = None,
):
    username = username or f"{role}-{org.code if org else 'none'}"
    user = get_user_model().objects.create_user(
        username=username, password=PASSWORD, first_name="Thử", last_name="Nghiệm"
    )
    if org is not None:
        unit = org.units.get(code=unit_code) if unit_code else None
        Membership.objects.create(user=user, organisation=org, role=role, unit=unit)
    return user


def task(
    number: str | None,
    text: str,
    *,
    section: str = "I",
    section_title: str = "CÔNG TÁC CHỈ ĐẠO ĐIỀU HÀNH",
    lead: list[str] | None = None,
    coord: list[str] | None = None,
    schedule: str = "Thường xuyên",
    product: str = "",
    note: str = "",
    is_group: bool = False,
    parent: str | None = None,
    period: Period | None = None,
) -> TaskDraft:
    period = period or Period.year(2026)
    product_targets = extract_targets(product) if product else []
    sched = None if is_group else parse_schedule(schedule, period)
    return TaskDraft(
        section=section,
        section_title=section_title,
        area="direction",
        number=number,
        parent=parent,
        is_group=is_group,
        task=text,
        lead_units=list(lead or []),
        coordinating_units=list(coord or []),
        schedule=sched,
        product=product,
        note=note,
        targets=product_targets,
        warnings=list(sched.warnings) if sched else [],  # as the parser does
    )


def parsed_plan(
    tasks: list[TaskDraft],
    *,
    number: str = "5/KH-SCT",
    title: str = "Kế hoạch CCHC năm 2026",
    year: int = 2026,
    warnings: list[str] | None = None,
) -> dict[str, Any]:
    meta = PlanMeta(
        number=number,
        issued_on=date(year, 1, 10),
        issuer="Sở Công Thương",
        title=title,
        period=Period.year(year),
        reporting_rules=["Định kỳ vào ngày 25 hàng tháng báo cáo"],
    )
    return ParsedPlan(plan=meta, tasks=tasks, warnings=list(warnings or [])).to_dict()


def sample_tasks() -> list[TaskDraft]:
    return [
        task(
            "1",
            "Ban hành kế hoạch CCHC năm 2026.",
            lead=["Văn phòng Sở"],
            coord=["Thanh tra Sở"],
            schedule="Trước ngày 31/01/2026",
            product="Kế hoạch được ban hành",
        ),
        task(
            "2",
            "Giải quyết hồ sơ TTHC đúng hạn.",
            lead=["Tổ công tác đặc biệt"],
            coord=["Sở Nội vụ"],
            schedule="Thường xuyên",
            product="Tỷ lệ hồ sơ đúng hạn đạt 100%",
        ),
        task("3", "Công bố, công khai TTHC", is_group=True, section="II", section_title="CẢI CÁCH TTHC"),
        task(
            "3.1",
            "Công bố danh mục TTHC.",
            lead=["Văn phòng Sở"],
            coord=["Phòng Quản lý Công nghiệp"],
            section="II",
            section_title="CẢI CÁCH TTHC",
            schedule="Quý II, IV",
            parent="3",
        ),
        task(
            "3.2",
            "Niêm yết TTHC tại trụ sở.",
            lead=["Thanh tra Sở"],
            coord=["Các phòng chuyên môn"],
            section="II",
            section_title="CẢI CÁCH TTHC",
            schedule="Tháng 6, tháng 12",
            parent="3",
            product="100% TTHC được công khai",
        ),
    ]


def make_draft(
    org: Organisation,
    user,
    parsed: dict[str, Any] | None = None,
    *,
    sha: str = "a" * 64,
    name: str = "ke-hoach.txt",
) -> PlanImport:
    """A draft as start_import leaves it, from a hand-made ParsedPlan dict (no parser)."""
    parsed = parsed or parsed_plan(sample_tasks())
    directory, overrides = directory_for(org), alias_overrides(org)
    for t in parsed["tasks"]:
        drafting.resolve_task_units(t, directory, overrides)
    draft = PlanImport(organisation=org, source_name=name, sha256=sha, parsed=parsed, created_by=user)
    draft.uploaded_file.save(name, ContentFile(b"noi dung ke hoach"), save=False)
    draft.save()
    return draft


HEADER = "TT\tNhiệm vụ cụ thể\tTiến độ\tĐơn vị chủ trì\tĐơn vị phối hợp\tKết quả/sản phẩm\tGhi chú"


def text_plan(
    number: str,
    rows: list[tuple[str, ...]],
    *,
    title: str = "Kế hoạch cải cách hành chính năm 2026",
    day: str = "ngày 10 tháng 02 năm 2026",
) -> bytes:
    """A small plan in the samples' text format (body, then a tab-separated appendix)."""
    lines = [
        "SỞ CÔNG THƯƠNG",
        "",
        f"Số: {number}",
        "",
        f"Thử Nghiệm, {day}",
        "",
        "KẾ HOẠCH",
        title,
        "",
        "Định kỳ vào ngày 25 hàng tháng, các phòng báo cáo kết quả về Văn phòng Sở.",
        "",
        "PHỤ LỤC",
        "NHIỆM VỤ CẢI CÁCH HÀNH CHÍNH NĂM 2026",
        f"(Kèm theo Kế hoạch số {number})",
        "",
        HEADER,
        "I\tCÔNG TÁC CHỈ ĐẠO ĐIỀU HÀNH\t\t\t\t\t",
    ]
    lines += ["\t".join(r) for r in rows]
    return ("\n".join(lines) + "\n").encode("utf-8")
