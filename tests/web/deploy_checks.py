"""``cchc manage check --deploy`` under a table of environments, in one process.

Each environment costs a fresh Python process the whole of Django's start (3–4 s of CPU,
nearly all imports) when run as its own ``cchc manage check``; the checks themselves take a
few milliseconds. So one process starts Django once and, for each environment, evaluates
the settings module afresh under it (a new module object, not a reload: a reload would keep
a name the new environment no longer sets) and runs Django's ``check`` command on those
settings. The security checks read the settings when they run, and the environments of a
table change only what they read (the installed apps must stay the same: checked).

Run as a script: a JSON object ``{case: {variable: value}}`` on stdin, the JSON object
``{case: {"returncode", "stdout", "stderr"}}`` on the last line of stdout.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve()


@dataclass(frozen=True)
class Checked:
    """What ``cchc manage check --deploy [options]`` would have exited with and printed."""

    returncode: int
    stdout: str
    stderr: str


def deploy_checks(
    envs: dict[str, dict[str, str]], *options: str, tmp_path: Path, src_dir: Path
) -> dict[str, Checked]:
    """``check --deploy *options`` under each of ``envs`` (and no other CCHC_* or DATABASE_URL
    variable of this process), all in one Python process."""
    base = {k: v for k, v in os.environ.items() if not k.startswith("CCHC_") and k != "DATABASE_URL"}
    base.update(PYTHONPATH=str(src_dir), CCHC_VAR_DIR=str(tmp_path / "var"))
    done = subprocess.run(
        [sys.executable, str(HERE), *options],
        input=json.dumps(envs),
        env=base,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    results = json.loads(done.stdout.strip().splitlines()[-1])
    return {case: Checked(**result) for case, result in results.items()}


def _main(options: list[str]) -> None:
    import io
    from importlib import import_module

    import django
    from django.conf import Settings, settings
    from django.core.management import call_command
    from django.core.management.base import SystemCheckError

    module = "cchc.config.settings"
    os.environ["DJANGO_SETTINGS_MODULE"] = module
    inherited = dict(os.environ)
    envs: dict[str, dict[str, str]] = json.load(sys.stdin)
    results, apps = {}, None
    for case, env in envs.items():
        os.environ.clear()
        os.environ.update(inherited, **env)
        sys.modules.pop(module, None)
        import_module(module)  # evaluated under this environment
        settings._wrapped = Settings(module)  # type: ignore[attr-defined]
        if apps is None:
            django.setup()
            apps = list(settings.INSTALLED_APPS)
        assert list(settings.INSTALLED_APPS) == apps, f"{case}: the installed apps changed"
        out, err, code = io.StringIO(), io.StringIO(), 0
        try:
            call_command("check", "--deploy", *options, stdout=out, stderr=err)
        except SystemCheckError as exc:  # what the command line prints and exits 1 on
            err.write(f"{exc}\n")
            code = 1
        results[case] = {"returncode": code, "stdout": out.getvalue(), "stderr": err.getvalue()}
    print(json.dumps(results))


if __name__ == "__main__":
    _main(sys.argv[1:])
