"""The README's tour, step 7: after ``cchc demo``, ``cchc remind --once`` writes the demo's
e-mails as files to ``var/mail/`` (the demo people have addresses under ``.example``)."""

from __future__ import annotations

import os
import subprocess
import sys
from email import message_from_bytes, policy

from tests.paths import REPO_DIR


def cchc(*args: str, var) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DATABASE_URL", "CCHC_EMAIL"))}
    env["CCHC_VAR_DIR"] = str(var)
    return subprocess.run(
        [sys.executable, "-m", "cchc.cli", *args],
        cwd=REPO_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )


def test_the_demos_first_reminder_pass_writes_emails_to_var_mail(tmp_path):
    var = tmp_path / "var"
    demo = cchc("demo", var=var)
    assert demo.returncode == 0, demo.stderr
    assert not (var / "mail").exists()  # the demo itself sends nothing

    remind = cchc("remind", "--once", var=var)
    assert remind.returncode == 0, remind.stderr

    files = sorted((var / "mail").glob("*.log"))
    assert files, "no e-mail written to var/mail/"
    messages = []
    for path in files:
        # The file backend writes each message followed by a line of dashes.
        for raw in path.read_bytes().split(b"\n" + b"-" * 79 + b"\n"):
            if raw.strip():
                messages.append(message_from_bytes(raw, policy=policy.default))
    subjects = [str(m["Subject"]) for m in messages]
    recipients = {str(a) for m in messages for a in m["To"].addresses}
    assert all(s.startswith("[CCHC]") for s in subjects), subjects
    # Vietnamese subjects, decoded from their encoded words: an extension asked for today.
    assert any("Đề nghị gia hạn" in s for s in subjects), subjects
    assert recipients <= {r for r in recipients if r.endswith("@sct-demo.example")}
    assert "vanphong@sct-demo.example" in recipients and "lanhdao@sct-demo.example" in recipients

    # A second pass writes nothing more: each message goes out once.
    again = cchc("remind", "--once", var=var)
    assert again.returncode == 0, again.stderr
    assert sorted((var / "mail").glob("*.log")) == files
