"""The one builder of test data: a department (the demo directory's units), its people by
role under one username per role, and plan drafts built by hand (no parser).

Every directory's fixtures delegate here (the common ones, ``org`` and the department-wide
people, are fixtures in tests/conftest.py). A person's username says the role and, for a
unit's people, the unit: ``lanhdao``, ``vanphong``, ``quansat``, ``truongphong-qltm``,
``chuyenvien-qlcn``; in a second department it carries that department's code
(``vanphong@snv-test``), since usernames are unique across departments."""

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


ORG_CODE = "sct-test"


def make_org(
    code: str = ORG_CODE,
    name: str = "Sở Công Thương tỉnh Thử Nghiệm",
    *,
    province: str = "Thử Nghiệm",
    external: bool = True,
    leave_out: tuple[str, ...] = (),
) -> Organisation:
    """A department with the demo directory's units (less ``leave_out``) and, unless
    ``external`` is false, Sở Nội vụ as an outside unit to map mentions to."""
    org = Organisation.objects.create(code=code, name=name, province=province)
    units = [
        (u.code, u.name, u.kind, u.affiliation, list(u.abbreviations))
        for u in demo_directory().units
        if u.code not in leave_out
    ]
    rows = [*units, EXTERNAL_UNIT] if external else units
    # One INSERT for the units: saved one by one, each unit's signals (the board's cache
    # version, the obligations' unit order) cost about 60 queries for a department that has
    # no obligation yet; almost every test builds one or two departments.
    Unit.objects.bulk_create(
        Unit(
            organisation=org,
            code=ucode,
            name=uname,
            kind=kind,
            affiliation=affiliation,
            abbreviations=abbr,
            order=order,
        )
        for order, (ucode, uname, kind, affiliation, abbr) in enumerate(rows, start=1)
    )
    return org


def make_user(
    org: Organisation | None,
    role: str = Membership.Role.COORDINATOR,
    username: str | None = None,
    unit_code: str | None = None,
    *,
    password: str = PASSWORD,
    first_name: str = "Thử",
    last_name: str = "Nghiệm",
    email: str = "",
):
    username = username or f"{role}-{org.code if org else 'none'}"
    user = get_user_model().objects.create_user(
        username=username, password=password, first_name=first_name, last_name=last_name, email=email
    )
    if org is not None:
        unit = org.units.get(code=unit_code) if unit_code else None
        Membership.objects.create(user=user, organisation=org, role=role, unit=unit)
    return user


_ROLE_NAMES = {
    Membership.Role.LEADER: "lanhdao",
    Membership.Role.COORDINATOR: "vanphong",
    Membership.Role.OBSERVER: "quansat",
    Membership.Role.UNIT_HEAD: "truongphong",
    Membership.Role.UNIT_STAFF: "chuyenvien",
}


def username_for(role: str, unit_code: str | None = None, org: Organisation | None = None) -> str:
    """The username of the tests' person in ``role`` (of ``unit_code``) in ``org``."""
    name = _ROLE_NAMES[role]
    if role in (Membership.Role.UNIT_HEAD, Membership.Role.UNIT_STAFF) and unit_code:
        name = f"{name}-{unit_code.lower()}"
    if org is not None and org.code != ORG_CODE:
        name = f"{name}@{org.code}"
    return name


def person(org: Organisation, role: str, unit_code: str | None = None, **kwargs: Any):
    """The person in ``role`` of ``org`` (of the unit ``unit_code`` for a unit's people; the
    Office's coordinator sits in Văn phòng Sở), under the username :func:`username_for` gives."""
    if role == Membership.Role.COORDINATOR and unit_code is None:
        unit_code = "VP"
    return make_user(org, role, username_for(role, unit_code, org), unit_code=unit_code, **kwargs)


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
