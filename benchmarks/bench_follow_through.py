"""Province-scale follow-through: page latency under 20 concurrent users, reminder pass time.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/cchc_bench uv run python -m benchmarks.province_load
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/cchc_bench \
        uv run python -m benchmarks.bench_follow_through

Starts the production server (gunicorn through ``cchc serve``, 2 workers × 4 threads on
this 2-core machine) on the loaded database and drives it from 20 client threads, each
logged in as a different person: coordinators open the Office board (random status and
unit filters, random pages), unit heads open their unit's page. Reports median and 95th
percentile per page. Then times one full reminder pass (``cchc remind --once``) over the
million obligations. All traffic goes to 127.0.0.1; every loop is bounded.
"""

from __future__ import annotations

import argparse
import http.cookiejar
import json
import os
import random
import re
import secrets
import shutil
import statistics
import subprocess
import sys
import threading
import time
import urllib.parse
import urllib.request
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
PASSWORD = "bench12345"
STATUSES = ("", "overdue", "in_progress", "done_early", "not_due", "extended")
UNIT_CODES = ("vp", "ttra", "khtc", "qlcn", "qlnl", "qltm", "ktat", "ttkc", "qltt", "mc")


class Client:
    def __init__(self, base: str, username: str) -> None:
        self.base = base
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar))
        page = self.opener.open(f"{base}/login/", timeout=30).read().decode()
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
        data = urllib.parse.urlencode(
            {"username": username, "password": PASSWORD, "csrfmiddlewaretoken": token}
        )
        req = urllib.request.Request(
            f"{base}/login/", data=data.encode(), headers={"Referer": f"{base}/login/"}
        )
        resp = self.opener.open(req, timeout=30)
        if "/login/" in resp.geturl():
            raise RuntimeError(f"login failed for {username}")

    def cookie_header(self) -> str:
        return "; ".join(f"{c.name}={c.value}" for c in self.jar)

    def get(self, path: str) -> float:
        t0 = time.perf_counter()
        with self.opener.open(self.base + path, timeout=60) as resp:
            resp.read()
            if resp.status != 200:
                raise RuntimeError(f"{path}: HTTP {resp.status}")
        return time.perf_counter() - t0


def _wait_for(base: str, seconds: float = 60) -> None:
    deadline = time.time() + seconds
    while time.time() < deadline:
        try:
            urllib.request.urlopen(f"{base}/login/", timeout=2).read()
            return
        except OSError:
            time.sleep(0.5)
    raise RuntimeError("the server did not start")


def _pct(xs: list[float], q: float) -> float:
    xs = sorted(xs)
    return xs[min(len(xs) - 1, round(q * (len(xs) - 1)))]


def _board_path(r: random.Random) -> str:
    # The board's own parameter names (trạng thái, trang, đơn vị).
    q = {"trang_thai": r.choice(STATUSES), "trang": r.randint(1, 200)}
    if r.random() < 0.3:
        q["don_vi"] = r.choice(UNIT_CODES).upper()
    return "/theo-doi/?" + urllib.parse.urlencode(q)


def _drive_python(clients: list[tuple[str, Client]], requests: int) -> dict:
    """Closed loop from Python threads (urllib): each thread is a person, no think time."""
    times: dict[str, list[float]] = {"board": [], "unit": []}
    lock = threading.Lock()
    start = threading.Barrier(len(clients))

    def run(kind: str, client: Client, seed: int) -> None:
        r = random.Random(seed)
        start.wait()
        for _ in range(requests):
            t = client.get(_board_path(r) if kind == "board" else "/don-vi/")
            with lock:
                times[kind].append(t)

    threads = [threading.Thread(target=run, args=(k, c, n)) for n, (k, c) in enumerate(clients)]
    t0 = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=900)
    wall = time.perf_counter() - t0
    out: dict = {"throughput_rps": sum(len(x) for x in times.values()) / wall}
    for kind, xs in times.items():
        out[kind] = {
            "requests": len(xs),
            "median_ms": statistics.median(xs) * 1000,
            "p95_ms": _pct(xs, 0.95) * 1000,
            "max_ms": max(xs) * 1000,
        }
    return out


WRK_SCRIPT = """
local cookies = {%(cookies)s}
local statuses = {%(statuses)s}
local units = {%(units)s}
local kind = "%(kind)s"
local think = %(think)d
local n = 0
setup = function(thread)
  n = n + 1
  thread:set("me", n)
end
init = function(args)
  math.randomseed(me * 7919)
  cookie = cookies[me]
end
delay = function()
  return think
end
request = function()
  local path = "/don-vi/"
  if kind == "board" then
    path = "/theo-doi/?trang_thai=" .. statuses[math.random(#statuses)] .. "&trang=" .. math.random(1, 200)
    if math.random() < 0.3 then path = path .. "&don_vi=" .. units[math.random(#units)] end
  end
  return wrk.format("GET", path, {["Cookie"] = cookie})
end
done = function(summary, latency, requests)
  io.write(string.format(
    'RESULT {"requests": %%d, "median_us": %%d, "p95_us": %%d, "max_us": %%d, "bad": %%d, "errors": %%d}\\n',
    summary.requests, latency:percentile(50), latency:percentile(95), latency.max,
    summary.errors.status, summary.errors.connect + summary.errors.read + summary.errors.write
      + summary.errors.timeout))
end
"""


def _drive_wrk(base: str, clients: list[tuple[str, Client]], seconds: int, think_ms: int = 0) -> dict:
    """Closed loop from wrk (C, one connection per person, no think time): one wrk process
    for the coordinators' board and one for the unit heads' page, side by side, for
    ``seconds``. The load generator costs far less CPU than Python threads, so the figures
    are the server's; wrk's latency percentiles are exact to the microsecond. ``think_ms``:
    each person waits that long after an answer before the next request (0: none)."""
    import tempfile

    procs = {}
    for kind in ("board", "unit"):
        mine = [c for k, c in clients if k == kind]
        cookies = ", ".join(f'"{c.cookie_header()}"' for c in mine)
        script = WRK_SCRIPT % {
            "cookies": cookies,
            "statuses": ", ".join(f'"{s}"' for s in STATUSES),
            "units": ", ".join(f'"{u.upper()}"' for u in UNIT_CODES),
            "kind": kind,
            "think": think_ms,
        }
        path = Path(tempfile.mkstemp(suffix=f"-{kind}.lua")[1])
        path.write_text(script, encoding="utf-8")
        n = str(len(mine))
        cmd = ["wrk", "-t", n, "-c", n, "-d", f"{seconds}s", "--timeout", "10s", "-s", str(path), base]
        procs[kind] = (subprocess.Popen(cmd, stdout=subprocess.PIPE, text=True), path)
    out: dict = {"throughput_rps": 0.0}
    for kind, (proc, path) in procs.items():
        stdout, _ = proc.communicate(timeout=seconds + 120)
        path.unlink()
        line = next(x for x in stdout.splitlines() if x.startswith("RESULT "))
        r = json.loads(line[len("RESULT ") :])
        if r["bad"] or r["errors"]:
            raise RuntimeError(f"{kind}: {r['bad']} non-2xx answers, {r['errors']} socket errors")
        out[kind] = {
            "requests": r["requests"],
            "median_ms": r["median_us"] / 1000,
            "p95_ms": r["p95_us"] / 1000,
            "max_ms": r["max_us"] / 1000,
        }
        out["throughput_rps"] += r["requests"] / seconds
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--users", type=int, default=20)
    ap.add_argument("--requests", type=int, default=40, help="requests per user (python client)")
    ap.add_argument("--client", choices=("wrk", "python"), default="wrk" if shutil.which("wrk") else "python")
    ap.add_argument("--seconds", type=int, default=30, help="how long wrk drives the server")
    ap.add_argument("--think-ms", type=int, default=0, help="wrk: each person's pause between requests")
    ap.add_argument("--departments", type=int, default=20)
    ap.add_argument("--port", type=int, default=8077)
    ap.add_argument(
        "--workers",
        type=int,
        default=(os.cpu_count() or 1) + 1,
        help="server processes (as cchc serve)",
    )
    ap.add_argument("--threads", type=int, default=1, help="threads per server process")
    ap.add_argument(
        "--cache",
        default=os.environ.get("CCHC_CACHE_URL", "redis://127.0.0.1:6379/15"),
        help="the server's shared cache (flushed first); 'local' for each process's own",
    )
    ap.add_argument("--now", default="2026-11-23T08:00:00")
    ap.add_argument("--skip-remind", action="store_true")
    ap.add_argument("--out", default=str(REPO / "benchmarks" / "results" / "follow_through.json"))
    args = ap.parse_args(argv)
    if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        print("DATABASE_URL must point at the loaded PostgreSQL database", file=sys.stderr)
        return 2
    base = f"http://127.0.0.1:{args.port}"
    env = {**os.environ, "CCHC_DB_CONN_MAX_AGE": "600", "CCHC_LOG_LEVEL": "WARNING"}
    env["CCHC_CACHE_URL"] = "" if args.cache == "local" else args.cache
    # ``cchc serve`` refuses the published development key; a run's own key will do.
    env.setdefault("CCHC_SECRET_KEY", secrets.token_urlsafe(50))
    if env["CCHC_CACHE_URL"]:
        import redis

        redis.Redis.from_url(env["CCHC_CACHE_URL"]).flushdb()  # start cold, like a fresh deployment
    server = subprocess.Popen(
        [
            *(sys.executable, "-m", "cchc.cli", "serve", "--no-worker", "--addr", f"127.0.0.1:{args.port}"),
            *("--workers", str(args.workers), "--threads", str(args.threads)),
        ],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    result: dict = {
        "users": args.users,
        "requests_per_user": args.requests,
        "server": {"workers": args.workers, "threads": args.threads, "cache": args.cache},
        "client": args.client,
        "think_ms": args.think_ms if args.client == "wrk" else 0,
    }
    try:
        _wait_for(base)
        rnd = random.Random(7)
        clients = []
        for i in range(args.users):
            dept = i % args.departments
            if i % 2 == 0:
                clients.append(("board", Client(base, f"coordinator-{dept:02d}")))
            else:
                clients.append(("unit", Client(base, f"unit_head-{dept:02d}-{rnd.choice(UNIT_CODES)}")))
        if args.client == "wrk":
            result.update(_drive_wrk(base, clients, args.seconds, args.think_ms))
        else:
            result.update(_drive_python(clients, args.requests))
        for kind in ("board", "unit"):
            r = result[kind]
            print(
                f"{kind:6} n={r['requests']:5d} median {r['median_ms']:7.1f} ms  "
                f"p95 {r['p95_ms']:7.1f} ms  max {r['max_ms']:7.1f} ms"
            )
        print(f"throughput {result['throughput_rps']:.1f} requests/s ({args.client} client)")
    finally:
        server.terminate()
        server.wait(timeout=30)

    if not args.skip_remind:
        t0 = time.perf_counter()
        proc = subprocess.run(
            [sys.executable, "-m", "cchc.cli", "remind", "--once", "--now", args.now],
            env={**env, "CCHC_EMAIL_FILE_PATH": "/tmp/cchc-bench-mail"},
            capture_output=True,
            text=True,
            timeout=1800,
        )
        result["remind_pass_s"] = time.perf_counter() - t0
        result["remind_output"] = proc.stdout.strip().splitlines()[-5:]
        print(f"reminder pass: {result['remind_pass_s']:.1f} s (exit {proc.returncode})")
        print(proc.stdout.strip()[-800:], proc.stderr.strip()[-800:])
    Path(args.out).write_text(json.dumps(result, indent=1, ensure_ascii=False), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
