"""``cchc serve`` starts one ``cchc worker`` beside the web server (the background uploads and
the reminders run without a second command) and stops it with the server; ``--no-worker``
leaves it out (issue 9, "Long work in the background")."""

from __future__ import annotations

import subprocess
import time

import pytest

from cchc import cli


@pytest.mark.parametrize(("argv", "starts"), [(["serve"], True), (["serve", "--no-worker"], False)])
def test_serve_starts_a_worker_unless_told_not_to(argv, starts, monkeypatch):
    started = []
    monkeypatch.setattr(cli, "_start_worker", lambda: started.append(True))
    monkeypatch.setattr(cli, "_django", lambda args: 0)  # --dev's runserver, not run here
    args = cli.build_parser().parse_args([*argv, "--dev"])
    assert cli.cmd_serve(args) == 0
    assert started == ([True] if starts else [])


def test_the_worker_beside_the_server_runs_and_stops_cleanly(monkeypatch, tmp_path):
    monkeypatch.delenv("DATABASE_URL", raising=False)
    monkeypatch.setenv("CCHC_VAR_DIR", str(tmp_path))  # a scratch database, nothing of yours
    # Its output is read here, to wait until it runs (starting Django takes seconds on a
    # loaded machine; a stop before that is a kill, not a clean stop).
    popen = subprocess.Popen
    monkeypatch.setattr(
        cli.subprocess, "Popen", lambda cmd, **kw: popen(cmd, stdout=subprocess.PIPE, text=True, **kw)
    )
    proc = cli._start_worker()
    assert proc is not None and proc.stdout is not None
    first = proc.stdout.readline()  # written once its signal handlers are in place
    assert first.startswith("cchc worker "), first
    time.sleep(1)
    assert proc.poll() is None  # running
    cli._stop_worker(proc)
    assert proc.returncode == 0
    assert "cchc worker đã dừng sau" in proc.stdout.read()
