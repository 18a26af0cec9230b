"""The demo's PAR INDEX self-assessment: a criteria set with the areas of a provincial plan and
points marked as illustrative ("điểm minh họa": a real department imports its province's
decision), an appraiser of the province's Sở Nội vụ, and the year's assessment opened with the
suggested tasks behind each item confirmed where the match is clear."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.contrib.auth import get_user_model

from cchc.core.scoring import CriteriaSet as CoreSet
from cchc.core.scoring import Item, Rule, SourceRef
from cchc.orgs.models import Membership, Organisation
from cchc.scoring import services, sets
from cchc.scoring.models import Assessment, EvidenceFile, ItemScore, TaskLink

APPRAISER_ORG_CODE = "snv-demo"
APPRAISER_ORG_NAME = "Sở Nội vụ tỉnh Hòa Bình Xanh"
APPRAISER_USERNAME = "thamdinh"
# A link the demo confirms by itself is one the suggestion is sure of.
CONFIRM_AT = 60


def _rule(kind: str, **kw) -> Rule:
    return Rule.from_dict({"kind": kind, **kw})


def _src(text: str) -> SourceRef:
    kind, _, metric = text.partition(".")
    return SourceRef(kind, metric)


def _i(
    code: str,
    level: str,
    title: str,
    maximum: str,
    rule: Rule | None = None,
    source: str = "",
    evidence: str = "",
    guide: str = "",
) -> Item:
    parent = "" if level in ("area", "bonus", "penalty") else code.rsplit(".", 1)[0]
    return Item(
        code=code,
        level=level,  # type: ignore[arg-type]
        title=title,
        maximum=Decimal(maximum),
        rule=rule or _rule("manual"),
        parent=parent,
        source=_src(source) if source else None,
        guide=guide,
        evidence_required=evidence,
    )


def demo_set(province: str, year: int) -> CoreSet:
    """Illustrative points over the areas the sample plans follow."""
    bands_on_time = _rule(
        "bands", bands=[{"min": 98, "points": 3}, {"min": 95, "points": 2}, {"min": 90, "points": 1}]
    )
    items = (
        _i("1", "area", "Công tác chỉ đạo, điều hành cải cách hành chính", "8"),
        _i("1.1", "criterion", "Kế hoạch CCHC năm", "4"),
        _i(
            "1.1.1",
            "sub",
            "Ban hành kế hoạch CCHC năm đúng thời hạn",
            "1",
            _rule("yes_no"),
            "tasks.done",
            "Kế hoạch CCHC năm của Sở",
        ),
        _i(
            "1.1.2",
            "sub",
            "Mức độ thực hiện kế hoạch CCHC (tỷ lệ nhiệm vụ hoàn thành đúng hạn)",
            "3",
            _rule("bands", bands=[{"min": 100, "points": 3}, {"min": 80, "points": 1.5}]),
            "tracking.on_time",
            "Báo cáo kết quả thực hiện kế hoạch",
            "100 %: 3 điểm; từ 80 % đến dưới 100 %: 1,5 điểm; dưới 80 %: 0",
        ),
        _i(
            "1.2",
            "criterion",
            "Báo cáo CCHC định kỳ đầy đủ, đúng hạn",
            "1",
            None,
            "",
            "Các báo cáo quý, 6 tháng, năm",
        ),
        _i(
            "1.3",
            "criterion",
            "Kiểm tra công tác CCHC tại các đơn vị",
            "1",
            None,
            "",
            "Kế hoạch và báo cáo kiểm tra",
        ),
        _i(
            "1.4",
            "criterion",
            "Tuyên truyền cải cách hành chính",
            "2",
            _rule("ratio"),
            "tasks.done_share",
            "Kế hoạch, bài viết tuyên truyền",
        ),
        _i("2", "area", "Cải cách thủ tục hành chính", "8"),
        _i(
            "2.1",
            "criterion",
            "Tỷ lệ hồ sơ giải quyết đúng hạn",
            "3",
            bands_on_time,
            "dossiers.on_time",
            "Số liệu trên Hệ thống thông tin giải quyết TTHC",
        ),
        _i(
            "2.2",
            "criterion",
            "Hồ sơ trực tuyến được tiếp nhận trong 8 giờ làm việc",
            "1",
            _rule("deduction", points_each=0.25, cap=1),
            "dossiers.acceptance_breaches",
        ),
        _i(
            "2.3",
            "criterion",
            "Công khai thủ tục hành chính đầy đủ, đúng quy định",
            "2",
            None,
            "",
            "Ảnh chụp, đường dẫn trang công khai",
        ),
        _i("2.4", "criterion", "Xin lỗi người dân khi hồ sơ trễ hạn", "2", None, "", "Văn bản xin lỗi"),
        _i("3", "area", "Cải cách tổ chức bộ máy", "4"),
        _i("3.1", "criterion", "Sắp xếp tổ chức bộ máy theo quy định", "2", None, "", "Quyết định sắp xếp"),
        _i(
            "3.2",
            "criterion",
            "Thực hiện quy định về vị trí việc làm",
            "2",
            None,
            "",
            "Đề án vị trí việc làm",
        ),
        _i("4", "area", "Cải cách chế độ công vụ", "5"),
        _i(
            "4.1",
            "criterion",
            "Công chức có tỷ lệ hồ sơ trễ hạn từ 10 % trở lên",
            "3",
            _rule("deduction", points_each=0.5, cap=3),
            "officers.late",
        ),
        _i(
            "4.2",
            "criterion",
            "Chấp hành kỷ luật, kỷ cương hành chính",
            "2",
            None,
            "",
            "Báo cáo kiểm tra công vụ",
        ),
        _i("5", "area", "Cải cách tài chính công", "3"),
        _i("5.1", "criterion", "Thực hiện cơ chế tự chủ tài chính", "3", None, "", "Quy chế chi tiêu nội bộ"),
        _i("6", "area", "Xây dựng và phát triển Chính quyền điện tử, Chính quyền số", "7"),
        _i(
            "6.1",
            "criterion",
            "Tỷ lệ hồ sơ nộp trực tuyến",
            "3",
            _rule("bands", bands=[{"min": 50, "points": 3}, {"min": 30, "points": 1.5}]),
            "dossiers.online",
        ),
        _i(
            "6.2",
            "criterion",
            "Tỷ lệ hồ sơ thanh toán phí trực tuyến",
            "2",
            _rule("ratio", round=0.25),
            "dossiers.paid_online",
        ),
        _i(
            "6.3",
            "criterion",
            "Tỷ lệ hồ sơ được số hóa",
            "2",
            _rule("ratio", round=0.25),
            "dossiers.digitized",
        ),
        _i(
            "T1",
            "bonus",
            "Có trên 30 % công việc hoàn thành sớm hạn",
            "0.5",
            _rule("bands", bands=[{"min": 30.01, "points": 0.5}]),
            "tracking.early",
        ),
        _i(
            "T2",
            "bonus",
            "Mỗi chỉ số (PAR INDEX, SIPAS, PCI, PAPI) tăng hạng: cộng 0,5 điểm, tối đa 1 điểm",
            "1",
            _rule("count", points_each=0.5, cap=1),
        ),
        _i(
            "D1", "penalty", "Nộp bản tự đánh giá trễ hạn", "1", _rule("yes_no"), "assessment.late_submission"
        ),
        _i(
            "D2",
            "penalty",
            "Mỗi nhiệm vụ quá hạn: trừ 0,25 điểm, tối đa 1 điểm",
            "1",
            _rule("count", points_each=0.25, cap=1),
            "tracking.overdue",
        ),
        _i(
            "D3",
            "penalty",
            "Mỗi chỉ số giảm hạng: trừ 0,5 điểm, tối đa 2 điểm",
            "2",
            _rule("count", points_each=0.5, cap=2),
        ),
    )
    return CoreSet(
        title=f"Bộ tiêu chí đánh giá Chỉ số CCHC các sở, ban, ngành năm {year} (điểm minh họa)",
        province=province,
        year=year,
        body_kind="so",
        items=items,
        round=Decimal("0.01"),
        bonus_cap=Decimal("1"),
        penalty_cap=Decimal("2"),
        illustrative=True,
    )


def seed_scoring(org: Organisation, *, today: date) -> tuple[Assessment, bool]:
    """The set, the appraiser and the year's assessment (once; later runs change nothing).
    Returns the assessment and whether the appraiser's account was created."""
    year = today.year
    if sets.set_for(org.province, year) is None:
        sets.save_set(demo_set(org.province, year))
    snv, _ = Organisation.objects.get_or_create(
        code=APPRAISER_ORG_CODE, defaults={"name": APPRAISER_ORG_NAME, "province": org.province}
    )
    user_model = get_user_model()
    from cchc.demo.seed import DEMO_PASSWORD, demo_email

    user, created = user_model.objects.get_or_create(
        username=APPRAISER_USERNAME,
        defaults={"first_name": "Thị Mai", "last_name": "Đặng", "email": demo_email(APPRAISER_USERNAME)},
    )
    if created:
        user.set_password(DEMO_PASSWORD)
        user.save(update_fields=["password"])
    Membership.objects.get_or_create(
        user=user, organisation=snv, defaults={"role": Membership.Role.APPRAISER}
    )
    existing = Assessment.objects.filter(organisation=org, year=year).first()
    if existing is not None:
        return existing, created
    assessment = services.open_assessment(org, year, self_due=date(year, 12, 20), today=today)
    TaskLink.objects.filter(assessment=assessment, similarity__gte=CONFIRM_AT).update(confirmed=True)
    services.propose(assessment, today=today)
    _first_steps(org, assessment)
    return assessment, created


# The one-stop-shop system's statistics page, as the demo's evidence for the dossier figures
# (a reserved ``.example`` address: nothing real is linked).
DOSSIER_STATS = "https://dichvucong.hoabinhxanh.example/thong-ke"


def _first_steps(org: Organisation, assessment: Assessment) -> None:
    """What the Office has done in the first days: units put in charge of their items, the
    one-stop-shop statistics attached to the items they measure, two items scored."""
    division = org.units.filter(kind="division").order_by("order").first()
    one_stop = org.units.filter(kind="one_stop").order_by("order").first() or division
    by_prefix = {"2.": one_stop, "3.": division, "5.": division}
    scores = {s.item.code: s for s in ItemScore.objects.filter(assessment=assessment).select_related("item")}
    for code, s in scores.items():
        unit = next((u for prefix, u in by_prefix.items() if code.startswith(prefix)), None)
        if unit is not None:
            ItemScore.objects.filter(pk=s.pk).update(unit=unit)
        if s.item.source.startswith(("dossiers.", "officers.")):
            EvidenceFile.objects.create(
                score=s,
                title=f"Số liệu thống kê năm {assessment.year} trên Hệ thống thông tin giải quyết TTHC",
                url=f"{DOSSIER_STATS}/{assessment.year}",
            )
    coordinator = get_user_model().objects.get(username="vanphong")
    membership = Membership.objects.get(user=coordinator, organisation=org)
    for code, value, note, explanation in (
        (
            "1.2",
            "1",
            "Đã gửi đủ các báo cáo quý I, 6 tháng, 9 tháng.",
            "Các báo cáo nằm trong mục Báo cáo CCHC.",
        ),
        ("2.3", "2", "Công khai đầy đủ tại Bộ phận Một cửa và trên Cổng dịch vụ công.", ""),
    ):
        s = ItemScore.objects.select_related("item", "assessment").get(pk=scores[code].pk)
        services.set_self_score(
            s,
            value=value,
            note=note,
            explanation=explanation or None,
            version=s.version,
            membership=membership,
            user=coordinator,
        )
