"""How numbers, shares, dates and sizes are written, everywhere (screens, workbooks, e-mails,
messages, the command line): the Vietnamese way, one definition each.

    date_text(date(2026, 3, 5))          "05/03/2026"
    moment_text(datetime(…, 7, 39))      "07:39 05/03/2026"  (already in the site's time zone)
    number_text(1234.5)                  "1.234,5"   (a point between thousands, a decimal comma)
    count_text(120000)                   "120.000"
    percent_text(0.5)                    "50,0 %"    (a share in [0, 1]; one decimal; None: "—")
    file_size_text(22_020_096)           "21,0 MB"
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

NONE = "—"  # a figure that does not exist (no data), as the tables show it


def date_text(d: date | None) -> str:
    """dd/mm/yyyy; "" for no date."""
    return f"{d.day:02d}/{d.month:02d}/{d.year:04d}" if d else ""


def moment_text(dt: datetime | None) -> str:
    """HH:MM dd/mm/yyyy of a moment already in the site's time zone; "" for none."""
    return f"{dt.hour:02d}:{dt.minute:02d} {date_text(dt)}" if dt else ""


def _grouped(digits: str) -> str:
    return f"{int(digits):,}".replace(",", ".") if digits else "0"


def number_text(value: Any) -> str:
    """70.0 -> "70", 85.67 -> "85,67", 1234.5 -> "1.234,5"; what is not a number, as given."""
    try:
        d = Decimal(str(value))
    except (InvalidOperation, ValueError, TypeError):
        return str(value)
    if not d.is_finite():
        return str(value)
    text = f"{d.normalize():f}"
    sign = "-" if text.startswith("-") else ""
    whole, _, fraction = text.lstrip("-").partition(".")
    return sign + _grouped(whole) + ("," + fraction if fraction else "")


def count_text(n: int) -> str:
    """A count with its thousands marked: 120000 -> "120.000"."""
    return f"{int(n):,}".replace(",", ".")


def percent_text(share: float | Decimal | None, digits: int = 1) -> str:
    """A share in [0, 1] as a percentage with ``digits`` decimals: 0.6667 -> "66,7 %",
    0.5 -> "50,0 %"; None -> "—"."""
    if share is None:
        return NONE
    # Half up, as people round ("12,345 %" -> "12,35 %"), not to even.
    value = (Decimal(str(share)) * 100).quantize(Decimal(1).scaleb(-digits), rounding=ROUND_HALF_UP)
    whole, _, fraction = f"{abs(value):.{digits}f}".partition(".")
    sign = "-" if value < 0 else ""
    return sign + _grouped(whole) + ("," + fraction if fraction else "") + " %"


def file_size_text(n: int) -> str:
    """A file's size: "21,0 MB" from 0,1 MB on, else "350 KB"."""
    if n >= 104858:
        return f"{n / 1048576:.1f} MB".replace(".", ",")
    return f"{max(1, round(n / 1024))} KB"


__all__ = [
    "NONE",
    "count_text",
    "date_text",
    "file_size_text",
    "moment_text",
    "number_text",
    "percent_text",
]
