"""Reproducible synthetic one-stop-shop exports: dossiers and pauses as Parquet.

    uv run python -m benchmarks.synthetic_dossiers --rows 10000000 --out var/bench/dossiers

A year (2025) of dossiers for 20 units, 500 procedures (1–15 working days each), 2,000
officers (100 per unit); submissions mostly inside working hours on working days of the
Vietnamese calendar (Tết included), online ones also in the evening and at weekends;
channels 45 % fully online, 25 % partly online, 25 % direct, 5 % postal, written in
Vietnamese as the exports do; about 8 % finished late, 10 % still open; supplements,
refusals, apologies, reschedules, fees, postal and digitisation flags; one pause for every
fifth dossier (2 million for 10 million). A few bad rows (about 1 in 20,000 each): an
unknown channel, finished before submitted, a repeated dossier id. Seeded numpy: the same
``rows`` and ``seed`` give the same files.
"""

from __future__ import annotations

import argparse
from datetime import date
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from cchc.core.calendar import WorkCalendar

YEAR = 2025
UNITS = 20
PROCEDURES = 500
OFFICERS_PER_UNIT = 100
CHANNEL_WORDS = ["Trực tuyến toàn trình", "Trực tuyến một phần", "Trực tiếp", "Bưu chính công ích"]
CHANNEL_P = [0.45, 0.25, 0.25, 0.05]
DAY = 86400
SEC = np.timedelta64(1, "s")
ONE_DAY = np.timedelta64(1, "D")
AS_OF = "2026-01-05T08:00:00"  # the analysis moment the benchmark uses


def _holidays(calendar: WorkCalendar) -> tuple[np.ndarray, np.ndarray]:
    """(non-working weekdays, make-up working weekend days) of YEAR-1 … YEAR+1 for numpy busday."""
    off, extra = [], []
    for year in (YEAR - 1, YEAR, YEAR + 1):
        off += [d for d, _ in calendar.days_off(year) if d.weekday() < 5]
        extra += calendar.make_up_days(year)
    return np.array(off, dtype="datetime64[D]"), np.array(extra, dtype="datetime64[D]")


def _strings(prefix: str, numbers: np.ndarray, width: int) -> pa.Array:
    digits = pc.utf8_lpad(pa.array(numbers).cast(pa.string()), width, "0")
    return pc.binary_join_element_wise(prefix, digits, "")


def generate(rows: int, seed: int = 2025) -> tuple[pa.Table, pa.Table]:
    rng = np.random.default_rng(seed)
    calendar = WorkCalendar()
    off, _extra = _holidays(calendar)
    # numpy's busday calendar knows weekends and the days off; the few make-up Saturdays are
    # simply not used for submissions (they are still working days for the engine).
    cal = np.busdaycalendar(weekmask="1111100", holidays=off)
    first, last = np.datetime64(f"{YEAR}-01-01"), np.datetime64(f"{YEAR}-12-31")
    workdays = np.arange(first, last + ONE_DAY)
    workdays = workdays[np.is_busday(workdays, busdaycal=cal)]

    proc = rng.integers(0, PROCEDURES, rows)
    proc_unit = rng.integers(0, UNITS, PROCEDURES)
    proc_days = rng.integers(1, 16, PROCEDURES)
    unit = proc_unit[proc]
    officer = unit * OFFICERS_PER_UNIT + rng.integers(0, OFFICERS_PER_UNIT, rows)
    channel = rng.choice(4, rows, p=CHANNEL_P)
    online = channel < 2

    sub_day = workdays[rng.integers(0, len(workdays), rows)]
    # Times of day: 07:00–17:00 mostly; online dossiers sometimes at night or on a weekend.
    sub_tod = rng.integers(7 * 3600, 17 * 3600, rows)
    night = online & (rng.random(rows) < 0.12)
    sub_tod[night] = rng.integers(17 * 3600, 23 * 3600, night.sum())
    weekend = online & (rng.random(rows) < 0.04)
    sub_day[weekend] = np.busday_offset(sub_day[weekend], 0, roll="forward", busdaycal=cal) - ONE_DAY
    sub = sub_day.astype("datetime64[s]") + sub_tod * SEC

    accept_delay = rng.exponential(3 * 3600, rows).astype(np.int64)
    accepted = sub + accept_delay * SEC
    no_accept = rng.random(rows) < 0.01
    days = proc_days[proc]
    due_day = np.busday_offset(sub_day, days, roll="forward", busdaycal=cal)
    due = due_day.astype("datetime64[s]") + 17 * 3600 * SEC

    late = rng.random(rows) < 0.08
    frac = rng.uniform(0.2, 1.0, rows)
    fin_offset = np.where(late, days + rng.integers(1, 6, rows), np.floor(days * frac).astype(np.int64))
    fin_day = np.busday_offset(sub_day, fin_offset, roll="forward", busdaycal=cal)
    fin_tod = rng.integers(int(7.5 * 3600), int(16.5 * 3600), rows)
    finished = np.maximum(fin_day.astype("datetime64[s]") + fin_tod * SEC, accepted + 60 * SEC)
    open_ = (rng.random(rows) < 0.10) | (fin_day > np.datetime64("2026-01-02"))
    returned = finished + rng.integers(0, 3 * DAY, rows) * SEC

    apology_has = late & (rng.random(rows) < 0.6)
    apology = due - np.where(rng.random(rows) < 0.75, 2 * DAY, 0) * SEC
    refused = rng.random(rows) < 0.02
    fee = rng.random(rows) < 0.6

    reschedules = rng.choice(3, rows, p=[0.2, 0.7, 0.1])
    pause_kinds = np.array(["Chờ bổ sung", "Chờ nghĩa vụ tài chính", "Tạm dừng"], dtype=object)

    def ts(values: np.ndarray, mask: np.ndarray | None = None) -> pa.Array:
        return pa.array(values.astype("datetime64[us]"), pa.timestamp("us"), mask=mask)

    ids = np.arange(1, rows + 1)
    n_bad = max(1, rows // 20000)
    bad = rng.choice(rows, 3 * n_bad, replace=False)
    ids[bad[:n_bad]] = ids[np.maximum(bad[:n_bad] - 1, 0)]  # a repeated id (kept once)
    channel_words = np.array(CHANNEL_WORDS, dtype=object)[channel]
    channel_words[bad[n_bad : 2 * n_bad]] = "Fax"
    sub_bad = bad[2 * n_bad :]
    finished[sub_bad] = sub[sub_bad] - ONE_DAY  # finished before submitted
    open_[sub_bad] = False

    dossiers = pa.table(
        {
            "Mã hồ sơ": _strings("H25.", ids, 8),
            "Mã thủ tục": _strings("1.00", proc, 4),
            "Tên thủ tục": pc.binary_join_element_wise(
                "Thủ tục hành chính số ", pa.array(proc).cast(pa.string()), " về cấp, đổi giấy phép", ""
            ),
            "Đơn vị": _strings("Phòng chuyên môn ", unit + 1, 2),
            "Cán bộ xử lý": _strings("Cán bộ ", officer + 1, 4),
            "Hình thức nộp": pa.array(channel_words, pa.string()).dictionary_encode(),
            "Ngày nộp": ts(sub),
            "Ngày tiếp nhận": ts(accepted, no_accept),
            "Hạn trả": ts(due),
            "Ngày hoàn thành": ts(finished, open_),
            "Ngày trả kết quả": ts(returned, open_),
            "Số lần bổ sung": pa.array(rng.choice(3, rows, p=[0.85, 0.13, 0.02]), pa.int32()),
            "Từ chối": pa.array(refused),
            "Phiếu từ chối": pa.array(refused & (rng.random(rows) < 0.8)),
            "Ngày xin lỗi": ts(apology, ~apology_has),
            "Số lần hẹn lại": pa.array(np.where(apology_has, reschedules, 0), pa.int32()),
            "Có phí": pa.array(fee),
            "Thanh toán trực tuyến": pa.array(fee & online & (rng.random(rows) < 0.7)),
            "Bưu chính": pa.array((channel == 3) | (rng.random(rows) < 0.1)),
            "Số hóa hồ sơ": pa.array(rng.random(rows) < 0.85),
            "Số hóa kết quả": pa.array(rng.random(rows) < 0.8),
        }
    )
    n_p = rows // 5
    who = rng.choice(rows, n_p, replace=False)
    p_from = sub[who] + rng.integers(3600, 5 * DAY, n_p) * SEC
    p_to = p_from + rng.integers(2 * 3600, 6 * DAY, n_p) * SEC
    pauses = pa.table(
        {
            "Mã hồ sơ": _strings("H25.", ids[who], 8),
            "Loại dừng": pa.array(pause_kinds[rng.integers(0, 3, n_p)]),
            "Dừng từ": ts(p_from),
            "Dừng đến": ts(p_to, rng.random(n_p) < 0.02),
            "Lý do": pa.array(
                np.where(rng.random(n_p) < 0.05, None, "Chờ bổ sung giấy tờ").astype(object), pa.string()
            ),
            "Có văn bản": pa.array(rng.random(n_p) > 0.05),
        }
    )
    return dossiers, pauses


def write(rows: int, out: Path, seed: int = 2025) -> tuple[Path, Path]:
    out.mkdir(parents=True, exist_ok=True)
    d_path, p_path = out / f"dossiers_{rows}.parquet", out / f"pauses_{rows}.parquet"
    if not (d_path.exists() and p_path.exists()):
        dossiers, pauses = generate(rows, seed)
        pq.write_table(dossiers, d_path, row_group_size=1_000_000)
        pq.write_table(pauses, p_path, row_group_size=1_000_000)
    return d_path, p_path


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rows", type=int, default=1_000_000)
    ap.add_argument("--seed", type=int, default=2025)
    ap.add_argument("--out", type=Path, default=Path("var/bench/dossiers"))
    args = ap.parse_args()
    print(*write(args.rows, args.out, args.seed))


_ = date
if __name__ == "__main__":
    main()
