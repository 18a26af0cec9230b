"""A production server from its environment: secure cookies, HSTS, the proxy's HTTPS header
and the HTTPS redirect from ``CCHC_*`` variables, so that ``cchc manage check --deploy``
reports nothing; and ``cchc serve`` refuses to run on the published development key."""

from __future__ import annotations

import os
import secrets
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from tests.paths import REPO_DIR
from tests.web.deploy_checks import Checked, deploy_checks
from tests.web.settings_env import SRC_DIR, settings_under

PRODUCTION = {
    "CCHC_SECURE_COOKIES": "1",
    "CCHC_HSTS_SECONDS": "31536000",
    "CCHC_HSTS_PRELOAD": "1",
    "CCHC_SECURE_PROXY_SSL_HEADER": "HTTP_X_FORWARDED_PROTO,https",
    "CCHC_SSL_REDIRECT": "1",
    "CCHC_ALLOWED_HOSTS": "cchc.sct.example.gov.vn",
    "CCHC_EMAIL_BACKEND": "smtp",
}


def _env(tmp_path: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("CCHC_") and k != "DATABASE_URL"}
    env.update(PYTHONPATH=str(SRC_DIR), CCHC_VAR_DIR=str(tmp_path / "var"), **extra)
    return env


def _cchc(tmp_path: Path, *argv: str, timeout: float = 90, **env: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "cchc.cli", *argv],
        env=_env(tmp_path, **env),
        capture_output=True,
        text=True,
        timeout=timeout,
    )


def _key() -> str:
    return secrets.token_urlsafe(50)  # 67 characters, Django's W009 wants 50 and 5 distinct


# Each production variable left out: the warning it answers comes back.
MISSING = [
    ("CCHC_SECURE_COOKIES", {"security.W012", "security.W016"}),
    ("CCHC_HSTS_SECONDS", {"security.W004"}),
    ("CCHC_HSTS_PRELOAD", {"security.W021"}),
    ("CCHC_SSL_REDIRECT", {"security.W008"}),
    ("CCHC_SECRET_KEY", {"security.W009"}),
]


# The tests reading ``deploy_checked`` share one worker under pytest-xdist: one process for all.
one_worker = pytest.mark.xdist_group("deploy-checks")


@pytest.fixture(scope="module")
def deploy_checked(tmp_path_factory) -> dict[str, Checked]:
    """``check --deploy --fail-level CRITICAL`` with all the production variables ("all") and
    with each one left out (its name), in one process (tests/web/deploy_checks.py)."""
    full = {"CCHC_SECRET_KEY": _key(), **PRODUCTION}
    envs = {"all": full} | {
        left_out: {k: v for k, v in full.items() if k != left_out} for left_out, _ in MISSING
    }
    return deploy_checks(
        envs, "--fail-level", "CRITICAL", tmp_path=tmp_path_factory.mktemp("deploy"), src_dir=SRC_DIR
    )


def _warnings(done: Checked) -> set[str]:
    words = (done.stdout + done.stderr).replace(")", " ").replace("(", " ").split()
    return {w for w in words if w.startswith("security.W")}


@one_worker
def test_check_deploy_with_the_production_variables_reports_nothing(deploy_checked):
    done = deploy_checked["all"]
    assert done.returncode == 0, done.stdout + done.stderr
    assert "System check identified no issues" in done.stdout
    assert "WARNING" not in done.stdout + done.stderr
    assert _warnings(done) == set()


@one_worker
@pytest.mark.parametrize(("left_out", "warnings"), MISSING, ids=[m[0] for m in MISSING])
def test_each_variable_answers_its_warning(deploy_checked, left_out, warnings):
    done = deploy_checked[left_out]
    assert _warnings(done) == warnings, done.stdout + done.stderr


def test_the_variables_reach_djangos_settings(tmp_path):
    names = (
        "SESSION_COOKIE_SECURE",
        "CSRF_COOKIE_SECURE",
        "SECURE_HSTS_SECONDS",
        "SECURE_HSTS_INCLUDE_SUBDOMAINS",
        "SECURE_HSTS_PRELOAD",
        "SECURE_PROXY_SSL_HEADER",
        "SECURE_SSL_REDIRECT",
    )
    assert settings_under(PRODUCTION, *names, tmp_path=tmp_path) == {
        "SESSION_COOKIE_SECURE": True,
        "CSRF_COOKIE_SECURE": True,
        "SECURE_HSTS_SECONDS": 31536000,
        "SECURE_HSTS_INCLUDE_SUBDOMAINS": True,
        "SECURE_HSTS_PRELOAD": True,
        "SECURE_PROXY_SSL_HEADER": ["HTTP_X_FORWARDED_PROTO", "https"],
        "SECURE_SSL_REDIRECT": True,
    }
    # The laptop set-up: plain HTTP on 127.0.0.1 keeps working.
    assert settings_under({}, *names, tmp_path=tmp_path) == {
        "SESSION_COOKIE_SECURE": False,
        "CSRF_COOKIE_SECURE": False,
        "SECURE_HSTS_SECONDS": 0,
        "SECURE_HSTS_INCLUDE_SUBDOMAINS": True,
        "SECURE_HSTS_PRELOAD": False,
        "SECURE_PROXY_SSL_HEADER": None,
        "SECURE_SSL_REDIRECT": False,
    }


@pytest.mark.parametrize("bad", ["X_FORWARDED_PROTO,https", "HTTP_X_FORWARDED_PROTO", "HTTP_X,https,http"])
def test_a_malformed_proxy_header_is_refused_with_its_example(tmp_path, bad):
    done = _cchc(tmp_path, "manage", "check", CCHC_SECURE_PROXY_SSL_HEADER=bad)
    assert done.returncode != 0
    assert "HTTP_X_FORWARDED_PROTO,https" in done.stderr


@pytest.mark.parametrize("key", [None, "", "   "])
def test_serve_refuses_to_start_without_a_secret_key(tmp_path, key):
    env = {} if key is None else {"CCHC_SECRET_KEY": key}
    done = _cchc(tmp_path, "serve", "--addr", "127.0.0.1:1", timeout=30, **env)
    assert done.returncode == 2
    assert done.stderr.startswith("Lỗi: CCHC_SECRET_KEY chưa được đặt")
    assert "--dev" in done.stderr


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_serve_starts_with_a_secret_key(tmp_path):
    # Without the worker beside it (a third Django start): tests/web/test_serve_worker.py
    # checks that serve starts and stops it.
    port = _free_port()
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "cchc.cli",
            "serve",
            "--addr",
            f"127.0.0.1:{port}",
            "--workers",
            "1",
            "--no-worker",
        ],
        env=_env(tmp_path, CCHC_SECRET_KEY=_key()),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        deadline, status = time.monotonic() + 40, None
        while time.monotonic() < deadline and status is None:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/dang-nhap/", timeout=5) as response:
                    status = response.status
            except OSError:
                assert server.poll() is None, server.stderr.read().decode()
                time.sleep(0.3)
        assert status == 200
    finally:
        server.terminate()
        server.wait(timeout=20)


def test_the_demo_serves_on_a_key_of_its_own(tmp_path):
    """The README's first command serves with gunicorn on a key made once for this machine."""
    lines = [ln.split() for ln in (REPO_DIR / "scripts" / "demo.sh").read_text().splitlines()]
    serve = [ln for ln in lines if ln[:1] != ["#"] and "serve" in ln]
    assert serve and not any("--dev" in ln for ln in serve)

    def key() -> str:
        env = {**os.environ, "CCHC_VAR_DIR": str(tmp_path / "var")}
        done = subprocess.run(
            ["bash", str(REPO_DIR / "scripts" / "demo-key.sh")], env=env, capture_output=True, text=True
        )
        assert done.returncode == 0, done.stderr
        return done.stdout.strip()

    first = key()
    assert len(first) >= 50 and first != "dev-only-insecure-key-change-me-in-production"
    assert key() == first  # kept: sessions survive a restart
    assert (tmp_path / "var" / "secret-key").stat().st_mode & 0o777 == 0o600
