"""A person's account: change the password (the header's "Đổi mật khẩu"), reset it by
e-mail (the login page's "Quên mật khẩu?"), in Vietnamese, through the configured mailer."""

from __future__ import annotations

import re
from email import message_from_bytes, policy
from urllib.parse import urlsplit

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.urls import reverse
from lxml import html as lxml_html

from cchc.orgs.models import Membership
from tests.factories import PASSWORD, make_user

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "cai-cach-hanh-chinh-2027"


def page(response):
    assert response.status_code == 200, response.status_code
    return lxml_html.fromstring(response.content.decode())


def texts(doc, xpath: str) -> list[str]:
    return [" ".join(e.text_content().split()) for e in doc.xpath(xpath)]


@pytest.fixture
def person(org):
    user = make_user(org, Membership.Role.UNIT_HEAD, "truongphong", unit_code="QLTM")
    user.email = "truongphong@sct-test.example"
    user.save(update_fields=["email"])
    return user


# --- links ------------------------------------------------------------------------------


def test_the_header_offers_a_password_change_next_to_log_out(client, person):
    client.force_login(person)
    doc = page(client.get(reverse("plans:list")))
    who = doc.xpath("//header//div[@class='who']")[0]
    links = {" ".join(a.text_content().split()): a.get("href") for a in who.xpath(".//a")}
    assert links["Đổi mật khẩu"] == reverse("password_change")
    assert texts(who, ".//form[@action='/dang-xuat/']//button") == ["Đăng xuất"]


def test_the_login_page_offers_a_forgotten_password_link(client):
    doc = page(client.get(reverse("login")))
    assert [a.get("href") for a in doc.xpath("//main//a[normalize-space()='Quên mật khẩu?']")] == [
        reverse("password_reset")
    ]


def test_the_admin_login_page_links_to_the_same_reset(client):
    doc = page(client.get("/admin/login/"))
    hrefs = [a.get("href") for a in doc.xpath("//a[contains(@href, 'password_reset')]")]
    assert hrefs == ["/admin/password_reset/"]
    assert page(client.get(hrefs[0])).xpath("//form[@id='password-reset']")


# --- change -----------------------------------------------------------------------------


def test_the_change_page_needs_a_login(client):
    response = client.get(reverse("password_change"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


def test_the_change_form_asks_the_current_password_and_the_new_one_twice(client, person):
    client.force_login(person)
    doc = page(client.get(reverse("password_change")))
    assert texts(doc, "//h1") == ["Đổi mật khẩu"]
    form = doc.xpath("//form[@id='password-change']")[0]
    fields = [
        (" ".join(label.text.split()), label.xpath(".//input")[0].get("name"))
        for label in form.xpath(".//label")
    ]
    assert fields == [
        ("Mật khẩu hiện tại", "old_password"),
        ("Mật khẩu mới", "new_password1"),
        ("Nhập lại mật khẩu mới", "new_password2"),
    ]
    assert all(i.get("type") == "password" for i in form.xpath(".//label//input"))
    assert texts(form, ".//button[@type='submit']") == ["Đổi mật khẩu"]


CHANGE_MISTAKES = [
    # old, new, again -> the field in error, its message (Vietnamese)
    ("sai-mat-khau", NEW_PASSWORD, NEW_PASSWORD, "old_password", "Mật khẩu hiện tại không đúng"),
    (PASSWORD, NEW_PASSWORD, NEW_PASSWORD + "x", "new_password2", "Hai mật khẩu không giống nhau"),
    (PASSWORD, "ngan7", "ngan7", "new_password2", "Mật khẩu quá ngắn: cần ít nhất 8 ký tự."),
    (PASSWORD, "password123", "password123", "new_password2", "Mật khẩu này quá phổ biến."),
    (PASSWORD, "", "", "new_password1", "Trường này là bắt buộc."),
]


@pytest.mark.parametrize(("old", "new", "again", "field", "message"), CHANGE_MISTAKES)
def test_a_mistake_is_answered_in_vietnamese_beside_its_field(
    client, person, old, new, again, field, message
):
    client.force_login(person)
    response = client.post(
        reverse("password_change"), {"old_password": old, "new_password1": new, "new_password2": again}
    )
    doc = page(response)
    label = doc.xpath(f"//form[@id='password-change']//label[.//input[@name='{field}']]")[0]
    assert "has-error" in label.get("class")
    errors = texts(label, ".//span[@class='field-error']")
    assert errors and errors[0].startswith(message), errors
    person.refresh_from_db()
    assert person.check_password(PASSWORD)


def test_a_changed_password_keeps_the_session_and_says_so(client, person):
    client.force_login(person)
    response = client.post(
        reverse("password_change"),
        {"old_password": PASSWORD, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
        follow=True,
    )
    assert response.redirect_chain[0] == (reverse("home"), 302)
    doc = page(response)
    assert texts(doc, "//ul[@class='messages']/li") == [
        "Đã đổi mật khẩu. Lần đăng nhập sau, hãy dùng mật khẩu mới."
    ]
    assert texts(doc, "//header//div[@class='who']//button") == ["Đăng xuất"]  # still logged in
    person.refresh_from_db()
    assert person.check_password(NEW_PASSWORD)


# --- reset ------------------------------------------------------------------------------


def test_the_reset_form_asks_for_the_address(client):
    doc = page(client.get(reverse("password_reset")))
    assert texts(doc, "//h1") == ["Quên mật khẩu"]
    form = doc.xpath("//form[@id='password-reset']")[0]
    assert [i.get("name") for i in form.xpath(".//input[@type='email']")] == ["email"]
    assert texts(form, ".//label") == ["Địa chỉ thư điện tử"]


@pytest.mark.parametrize(
    ("email", "message"),
    [
        ("", "Hãy nhập địa chỉ thư điện tử của tài khoản."),
        ("khong-phai-dia-chi", "Địa chỉ thư điện tử không đúng dạng"),
    ],
)
def test_a_missing_or_malformed_address_is_explained(client, email, message):
    doc = page(client.post(reverse("password_reset"), {"email": email}))
    assert texts(doc, "//form[@id='password-reset']//span[@class='field-error']")[0].startswith(message)
    assert mail.outbox == []


@pytest.mark.parametrize(
    "email", ["truongphong@sct-test.example", "TruongPhong@SCT-test.example", "ai@khac.example"]
)
def test_the_answer_does_not_tell_who_has_an_account(client, person, email):
    response = client.post(reverse("password_reset"), {"email": email}, follow=True)
    assert response.redirect_chain == [(reverse("password_reset_done"), 302)]
    doc = page(response)
    assert texts(doc, "//h1") == ["Hãy kiểm tra hộp thư"]
    assert len(mail.outbox) == (0 if email.startswith("ai@") else 1)


def test_the_reset_email_is_in_vietnamese_with_a_link_to_the_site(client, person, settings):
    settings.CCHC_SITE_URL = "https://cchc.sct.example.gov.vn/"
    person.first_name, person.last_name = "Quốc Bảo", "Phạm"
    person.save()
    client.post(reverse("password_reset"), {"email": person.email})
    (message,) = mail.outbox
    assert message.subject == "[CCHC] Đặt lại mật khẩu tài khoản truongphong"
    assert message.to == [person.email]
    assert message.body.startswith("Kính gửi Phạm Quốc Bảo,")
    links = re.findall(r"https?://\S+", message.body)
    assert len(links) == 1 and links[0].startswith(
        "https://cchc.sct.example.gov.vn/tai-khoan/dat-lai-mat-khau/"
    )
    assert "trong 3 ngày" in message.body


def test_a_spent_or_broken_link_says_so_and_offers_a_new_one(client, person):
    doc = page(client.get(reverse("password_reset_confirm", args=["MQ", "sai-ma"]), follow=True))
    assert texts(doc, "//div[@id='reset-invalid']")[0].startswith(
        "Liên kết đặt lại mật khẩu không còn dùng được"
    )
    assert doc.xpath(f"//main//a[@href='{reverse('password_reset')}']")
    assert not doc.xpath("//form[@id='password-new']")


def read_mailbox(folder) -> list:
    found = []
    for path in sorted(folder.glob("*.log")):
        for raw in path.read_bytes().split(b"\n" + b"-" * 79 + b"\n"):
            if raw.strip():
                found.append(message_from_bytes(raw, policy=policy.default))
    return found


def test_forgotten_password_from_the_mailbox_to_a_new_login(client, person, settings, tmp_path):
    """The whole way, through the file mailer the demo uses: ask, read the e-mail written to
    the mailbox folder, follow its link, set a new password, log in with it."""
    box = tmp_path / "mail"
    settings.MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.filebased.EmailBackend",
            "OPTIONS": {"file_path": str(box)},
        }
    }
    response = client.post(reverse("password_reset"), {"email": person.email})
    assert response.status_code == 302

    (message,) = read_mailbox(box)
    assert str(message["Subject"]) == "[CCHC] Đặt lại mật khẩu tài khoản truongphong"
    assert message["To"].addresses[0].addr_spec == person.email
    body = message.get_content()
    (link,) = re.findall(r"https?://\S+", body)

    # The link redirects to the form (the token moves into the session).
    response = client.get(urlsplit(link).path, follow=True)
    doc = page(response)
    form = doc.xpath("//form[@id='password-new']")[0]
    assert [i.get("name") for i in form.xpath(".//input[@type='password']")] == [
        "new_password1",
        "new_password2",
    ]
    assert "dat-mat-khau" in response.redirect_chain[-1][0]
    response = client.post(
        response.redirect_chain[-1][0],
        {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
        follow=True,
    )
    doc = page(response)
    assert texts(doc, "//h1") == ["Đã đặt mật khẩu mới"]
    assert doc.xpath(f"//div[@id='reset-finished']//a[@href='{reverse('login')}']")

    # The link is spent; the new password logs in, the old one does not.
    assert page(client.get(urlsplit(link).path, follow=True)).xpath("//div[@id='reset-invalid']")
    assert not client.login(username="truongphong", password=PASSWORD)
    response = client.post(reverse("login"), {"username": "truongphong", "password": NEW_PASSWORD})
    assert response.status_code == 302
    assert get_user_model().objects.get(username="truongphong").check_password(NEW_PASSWORD)
    assert page(client.get(reverse("plans:list"))).xpath("//header//a[normalize-space()='Đổi mật khẩu']")
