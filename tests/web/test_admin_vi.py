"""The admin in Vietnamese: weekday names (not "4" for Friday), lists written "7, 1" (not
JSON), history values in the screens' words, and no English message of Django's admin or
of django-simple-history left on the pages a clerk opens."""

from __future__ import annotations

import ast
import gettext
import json
import re
from datetime import date
from pathlib import Path

import django
import pytest
from django import forms
from lxml import html as lxml_html

from cchc.demo.seed import DEMO_PLAN
from cchc.orgs.forms import DayListField, TextListField
from cchc.orgs.models import Organisation, Weekday
from cchc.tracking.admin_history import EMPTY, readable
from cchc.tracking.confirming import import_plan_file
from cchc.tracking.models import Obligation, ObligationStatus

LOCALE = Path(__file__).resolve().parents[2] / "src" / "cchc" / "locale" / "vi" / "LC_MESSAGES"


def page(response):
    assert response.status_code == 200, response.status_code
    return lxml_html.fromstring(response.content.decode())


def visible_text(doc) -> str:
    for bad in doc.xpath("//script|//style|//noscript"):
        bad.drop_tree()
    return " ".join(doc.text_content().split())


# --- lists written as people write them ---------------------------------------------------

DAY_LISTS = [
    ("7, 1", [7, 1]),
    ("1, 7", [7, 1]),
    ("7,1", [7, 1]),
    ("7 1", [7, 1]),
    ("7; 3; 1", [7, 3, 1]),
    ("[7, 1]", [7, 1]),  # as the admin used to show it
    ("7, 7, 1", [7, 1]),
    ("10", [10]),
    ("", []),
    ("   ", []),
    ("60", [60]),
]
DAY_LIST_ERRORS = [
    (
        "7, a",
        "“a” không phải một số ngày: hãy viết các số nguyên dương, cách nhau bằng dấu phẩy, ví dụ 7, 1.",
    ),
    ("-3", "“-3” không phải một số ngày"),
    ("1.5", "“1.5” không phải một số ngày"),
    ("0", "Số ngày phải từ 1 trở lên (ngày đến hạn đã có lời nhắc riêng)."),
    ("7, 0", "Số ngày phải từ 1 trở lên"),
    ("71", "71 ngày làm việc là quá xa: tối đa 60 ngày làm việc trước hạn."),
]


@pytest.mark.parametrize(("text", "days"), DAY_LISTS)
def test_days_are_written_as_a_list_of_numbers(text, days):
    assert DayListField().clean(text) == days


@pytest.mark.parametrize(("text", "message"), DAY_LIST_ERRORS)
def test_a_wrong_day_list_is_explained_in_vietnamese(text, message):
    with pytest.raises(forms.ValidationError) as caught:
        DayListField().clean(text)
    assert caught.value.messages[0].startswith(message)


@pytest.mark.parametrize(("value", "shown"), [([7, 1], "7, 1"), ([], ""), ([3], "3"), ("7, 1", "7, 1")])
def test_days_are_shown_as_written(value, shown):
    assert DayListField().prepare_value(value) == shown


TEXT_LISTS = [
    ("VP; Văn phòng", ["VP", "Văn phòng"]),
    ("TTKC và XTTM;TTKC", ["TTKC và XTTM", "TTKC"]),
    ("  VP ;  ; VP ", ["VP"]),
    ("Phòng QLTM, Thương mại", ["Phòng QLTM, Thương mại"]),  # a comma stays inside a name
    ("", []),
]


@pytest.mark.parametrize(("text", "items"), TEXT_LISTS)
def test_names_are_written_separated_by_semicolons(text, items):
    field = TextListField()
    assert field.clean(text) == items
    assert field.clean(field.prepare_value(items)) == items


# --- the department's page ----------------------------------------------------------------


@pytest.fixture
def org(db):
    from tests.factories import make_org

    return make_org()


def form_data(doc, form_id: str) -> dict:
    form = doc.xpath(f"//form[@id='{form_id}']")[0]
    return dict(form.form_values())


@pytest.mark.django_db
def test_the_department_page_names_the_weekday_and_writes_the_list(admin_client, org):
    doc = page(admin_client.get(f"/admin/orgs/organisation/{org.pk}/change/"))
    select = doc.xpath("//select[@name='weekly_digest_weekday']")[0]
    options = [(o.get("value"), o.text) for o in select.xpath("./option")]
    assert options == [
        ("0", "Thứ Hai"),
        ("1", "Thứ Ba"),
        ("2", "Thứ Tư"),
        ("3", "Thứ Năm"),
        ("4", "Thứ Sáu"),
        ("5", "Thứ Bảy"),
        ("6", "Chủ nhật"),
    ]
    assert select.xpath("./option[@selected]")[0].text == "Thứ Sáu"
    assert doc.xpath("//input[@name='remind_before_days']")[0].get("value") == "7, 1"
    # The units' abbreviations, in the inline: "VP; …", not ["VP", …].
    abbreviations = [i.get("value") for i in doc.xpath("//input[contains(@name, '-abbreviations')]")]
    assert abbreviations and not any(v.startswith("[") for v in abbreviations if v)


@pytest.mark.django_db
@pytest.mark.parametrize(("weekday", "label"), [(w.value, w.label) for w in Weekday])
def test_the_department_list_names_the_weekday(admin_client, org, weekday, label):
    Organisation.objects.filter(pk=org.pk).update(weekly_digest_weekday=weekday)
    doc = page(admin_client.get("/admin/orgs/organisation/"))
    assert [
        td.text_content() for td in doc.xpath("//td[contains(@class, 'field-weekly_digest_weekday')]")
    ] == [label]


@pytest.mark.django_db
def test_the_department_page_saves_the_list_and_refuses_a_wrong_one(admin_client, org):
    url = f"/admin/orgs/organisation/{org.pk}/change/"
    data = form_data(page(admin_client.get(url)), "organisation_form")
    response = admin_client.post(
        url, {**data, "remind_before_days": "3, 10, 1", "weekly_digest_weekday": "0"}
    )
    assert response.status_code == 302
    org.refresh_from_db()
    assert (org.remind_before_days, org.weekly_digest_weekday) == ([10, 3, 1], Weekday.MONDAY)

    doc = page(admin_client.post(url, {**data, "remind_before_days": "7, mot"}))
    row = doc.xpath("//div[contains(@class, 'field-remind_before_days')]")[0]
    assert [
        " ".join(e.text_content().split()) for e in row.xpath(".//ul[contains(@class, 'errorlist')]/li")
    ] == ["“mot” không phải một số ngày: hãy viết các số nguyên dương, cách nhau bằng dấu phẩy, ví dụ 7, 1."]
    org.refresh_from_db()
    assert org.remind_before_days == [10, 3, 1]


# --- history values -----------------------------------------------------------------------


def _field(name):
    return Obligation._meta.get_field(name)


@pytest.mark.parametrize(
    ("field", "value", "shown"),
    [
        ("status", ObligationStatus.OVERDUE, "Quá hạn"),
        ("extended", True, "Có"),
        ("extended", False, "Không"),
        ("current_due", date(2027, 1, 11), "11/01/2027"),
        ("completed_on", None, EMPTY),
        ("period_label", "", EMPTY),
        ("period_label", "Tháng 12/2026", "Tháng 12/2026"),
    ],
)
def test_history_values_are_written_as_on_the_screens(field, value, shown):
    assert readable(_field(field), value) == shown


# --- no English left ------------------------------------------------------------------------


def _english_messages() -> list[str]:
    """The messages of Django's admin and of django-simple-history a page could show."""
    site = Path(django.__file__).parent
    sources = [
        site / "contrib/admin/locale/en/LC_MESSAGES/django.po",
        site.parent / "simple_history/locale/fr/LC_MESSAGES/django.po",
    ]
    found = set()
    for source in sources:
        for line in source.read_text(encoding="utf-8").splitlines():
            if line.startswith(("msgid ", "msgid_plural ")):
                text = ast.literal_eval(line.split(" ", 1)[1])
                # Whole messages only, without placeholders or markup, of at least three letters.
                if re.fullmatch(r"[A-Z][A-Za-z ,.’'?:-]{2,}", text) and "%" not in text:
                    found.add(text.strip())
    return sorted(found, key=len, reverse=True)


@pytest.mark.django_db
def test_the_pages_a_clerk_opens_hold_no_english_message(admin_client, org, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    plan = import_plan_file(org, DEMO_PLAN, year=2026)
    ob = Obligation.objects.filter(plan=plan).first()
    ob.status = ObligationStatus.OVERDUE
    ob.save()  # a change in the history
    pages = [
        "/admin/",
        "/admin/orgs/",
        "/admin/orgs/organisation/",
        f"/admin/orgs/organisation/{org.pk}/change/",
        "/admin/orgs/unit/?q=Ph%C3%B2ng",
        "/admin/orgs/calendarday/add/",
        "/admin/tracking/obligation/",
        "/admin/tracking/obligation/?status__exact=overdue",
        f"/admin/tracking/obligation/{ob.pk}/change/",
        f"/admin/tracking/obligation/{ob.pk}/history/",
        f"/admin/tracking/obligation/{ob.pk}/delete/",
        "/admin/plans/plan/",
        "/admin/auth/user/",
    ]
    english = _english_messages()
    assert {"Show counts", "Run", "History", "Changed by", "Change reason"} <= set(english)
    left = {}
    for url in pages:
        text = visible_text(page(admin_client.get(url)))
        hits = [m for m in english if re.search(rf"(?<![\w]){re.escape(m)}(?![\w])", text)]
        if hits:
            left[url] = hits
    assert left == {}


@pytest.mark.django_db
def test_the_admin_scripts_speak_vietnamese(admin_client):
    response = admin_client.get("/admin/jsi18n/")
    catalog = json.loads(
        re.search(r"const newcatalog = (\{.*?\});", response.content.decode(), re.S).group(1)
    )
    assert catalog["Monday"] == "Thứ Hai" and catalog["Sunday"] == "Chủ nhật"
    assert catalog["%(sel)s of %(cnt)s selected"] == ["Đã chọn %(sel)s / %(cnt)s"]
    assert catalog["Today (%(date)s)"] == "Hôm nay (%(date)s)"


# --- the committed catalogues ------------------------------------------------------------------


def _po_entries(path: Path) -> dict:
    """(context, message) -> translation, from the .po this project writes (one line each)."""
    entries, current = {}, {}
    for line in [*path.read_text(encoding="utf-8").splitlines(), ""]:
        if not line.strip():
            if current.get("id"):
                entries[(current.get("ctxt"), current["id"])] = current["str"]
            current = {}
        elif line.startswith("msgctxt "):
            current["ctxt"] = ast.literal_eval(line[8:])
        elif line.startswith("msgid "):
            current["id"] = ast.literal_eval(line[6:])
        elif line.startswith(("msgstr ", "msgstr[0] ")):
            current["str"] = ast.literal_eval(line.split(" ", 1)[1])
    return entries


@pytest.mark.parametrize("domain", ["django", "djangojs"])
def test_the_compiled_catalogue_is_the_po_file(domain):
    """The server reads the .mo; it must say what the .po says (compile after each edit)."""
    entries = _po_entries(LOCALE / f"{domain}.po")
    with (LOCALE / f"{domain}.mo").open("rb") as mo:
        compiled = gettext.GNUTranslations(mo)
    assert len(entries) > 40
    for (ctxt, msgid), text in entries.items():
        if ctxt is None:
            assert compiled.gettext(msgid) == text or compiled.ngettext(msgid, msgid, 1) == text, msgid
        else:
            assert compiled.pgettext(ctxt, msgid) == text, (ctxt, msgid)
