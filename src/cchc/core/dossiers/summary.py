"""The readable summary ``cchc dossiers analyze`` prints without ``--json``."""

from __future__ import annotations

from typing import TextIO

from cchc.core.dossiers.result import AnalysisResult
from cchc.core.dossiers.words import COLUMN_TITLES, month_text, rule_label
from cchc.core.formats import count_text, percent_text

KEY_TITLES = {k: COLUMN_TITLES[k] for k in ("unit", "procedure_code", "procedure_name", "officer", "month")}


_n = count_text
_pct = percent_text


def _cut(text: object, width: int) -> str:
    s = "—" if text is None else str(text)
    return s if len(s) <= width else s[: width - 1] + "…"


def print_summary(result: AnalysisResult, out: TextIO) -> None:
    w = out.write
    w(f"Phân tích hồ sơ tính đến {result.as_of:%H:%M %d/%m/%Y}")
    if result.period:
        w(f", kỳ {result.period[0]:%d/%m/%Y} – {result.period[1]:%d/%m/%Y}")
    w(f"\nĐã đọc {_n(result.rows_read)} dòng, loại {_n(result.rows_rejected)} dòng.\n\n")
    keys = [k for k in KEY_TITLES if result.groups and k in result.groups[0] and k != "procedure_code"]
    head = [KEY_TITLES[k] for k in keys] + [
        "Nhận",
        "Xong",
        "Đúng hạn",
        "Trễ",
        "Quá hạn",
        "TT toàn trình",
        "Điểm 766",
    ]
    widths = [24 if k in ("unit", "procedure_name", "officer") else 8 for k in keys] + [8, 8, 9, 6, 8, 13, 8]
    w("  ".join(h.ljust(n) for h, n in zip(head, widths, strict=True)).rstrip() + "\n")
    for g in result.groups:
        score = "—" if g["progress_score_766"] is None else f"{g['progress_score_766']:.2f}".replace(".", ",")
        cells = [
            _cut(month_text(g[k]) if k == "month" else g[k], n) for k, n in zip(keys, widths, strict=False)
        ] + [
            str(g["received"]),
            str(g["finished"]),
            _pct(g["on_time_rate"]),
            str(g["late"]),
            str(g["overdue"]),
            _pct(g["online_full_share"]),
            score,
        ]
        w("  ".join(c.ljust(n) for c, n in zip(cells, widths, strict=True)).rstrip() + "\n")
    not_good = [o for o in result.officers if not o["eligible_good"]]
    w(f"\nCán bộ có tỷ lệ trễ hạn từ ngưỡng trở lên: {len(not_good)}\n")
    for o in not_good[:20]:
        month, ratio = month_text(o["month"]), _pct(o["late_ratio"])
        w(f"  {o['officer']} ({month}): {o['late']}/{o['finished']} trễ hạn ({ratio})\n")
    counts: dict[str, int] = {}
    for b in result.breaches:
        counts[b["rule"]] = counts.get(b["rule"], 0) + 1
    w(f"\nVi phạm: {len(result.breaches)}\n")
    for rule, n in counts.items():
        w(f"  {rule_label(rule)}: {n}\n")
    if result.rejected:
        w(f"\nDòng bị loại ({len(result.rejected)}):\n")
        for r in result.rejected[:20]:
            where = f"{r.file}, " if r.file else ""
            w(f"  {where}dòng {r.row} ({r.dossier_id or 'không mã'}): {r.reason}\n")
        if len(result.rejected) > 20:
            w(f"  … và {len(result.rejected) - 20} dòng khác (xem --json hoặc --xlsx)\n")
