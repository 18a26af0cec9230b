from __future__ import annotations

import pytest

from tests.chasing.dept import make_dept


@pytest.fixture(autouse=True)
def chasing_passes_only(monkeypatch):
    """Chasing's own passes: the ones other apps register (``reporting``'s reports falling
    due, tested in tests/reporting) would add their messages to the counts asserted here."""
    from cchc.chasing import services

    monkeypatch.setattr(services, "_EXTRA_PASSES", {})


@pytest.fixture
def dept(db):
    return make_dept()


@pytest.fixture
def mail_dir(settings, tmp_path):
    """Send through Django's file backend into a temporary folder."""
    folder = tmp_path / "mail"
    settings.MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.filebased.EmailBackend",
            "OPTIONS": {"file_path": str(folder)},
        }
    }
    return folder
