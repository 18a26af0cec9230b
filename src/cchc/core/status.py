"""Statuses of an obligation and attainment of a target: the rules of the issue "Follow-through".

Pure Python (no Django): the tracking app stores the result and the daily pass applies the
time-dependent part of the same rules with set-based UPDATEs (``tracking.planning``).

Dates are compared as stored: the planner already moved a due date that fell on a day off to
the next working day (Civil Code art. 148), so "on time" is simply ``completed_on <= due``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from enum import StrEnum

from cchc.core.calendar import WorkCalendar

__all__ = [
    "DONE",
    "EARLY_TARGET",
    "EXTENSION_STATE_LABELS",
    "NO_REPORT_LABEL",
    "OPEN",
    "PENDING_EXTENSION_LABEL",
    "REPORT_STATE_LABELS",
    "TRACKED",
    "Attainment",
    "Rates",
    "Status",
    "attainment",
    "early_ratio",
    "early_share",
    "early_target_met",
    "is_early",
    "obligation_status",
    "rates",
]


class Status(StrEnum):
    """Same values as ``tracking.models.ObligationStatus`` (the database stores these)."""

    NOT_DUE = "not_due"
    IN_PROGRESS = "in_progress"
    DONE_EARLY = "done_early"
    DONE_ON_TIME = "done_on_time"
    DONE_LATE = "done_late"
    OVERDUE = "overdue"
    EXTENDED = "extended"
    # Due before the plan's "theo dõi từ ngày" (a plan imported late): neither open nor done,
    # out of the counts, the rates and the reminders; kept so the task shows every period.
    NOT_TRACKED = "not_tracked"

    @property
    def label(self) -> str:
        """The department's word, as inside a sentence ("3 quá hạn")."""
        return _STATUS_LABELS[self]

    @property
    def short(self) -> str:
        """The word alone where "hoàn thành" is understood (a column of finished work, a
        dossier's outcome): "sớm hạn", "đúng hạn", "trễ hạn"; the label otherwise."""
        return _SHORT.get(self, _STATUS_LABELS[self])

    @property
    def heading(self) -> str:
        """The word as it heads a cell or a badge ("Quá hạn"): the model's choice label."""
        return _STATUS_LABELS[self].capitalize()

    @property
    def is_done(self) -> bool:
        return self in DONE


_STATUS_LABELS = {
    Status.NOT_DUE: "chưa đến hạn",
    Status.IN_PROGRESS: "đang thực hiện",
    Status.DONE_EARLY: "hoàn thành sớm hạn",
    Status.DONE_ON_TIME: "hoàn thành đúng hạn",
    Status.DONE_LATE: "hoàn thành trễ hạn",
    Status.OVERDUE: "quá hạn",
    Status.EXTENDED: "gia hạn",
    Status.NOT_TRACKED: "không theo dõi",
}

# The states of a unit's report on an obligation and of a request for more time: the model
# choices (``tracking.models``), the screens, the exports and the e-mails read these words.
REPORT_STATE_LABELS = {
    "draft": "Bản nháp",
    "submitted": "Đã gửi, chờ duyệt",
    "returned": "Bị trả lại",
    "accepted": "Đã chấp nhận",
}
NO_REPORT_LABEL = "Chưa báo cáo"
EXTENSION_STATE_LABELS = {
    "pending": "Chờ quyết định",
    "approved": "Đồng ý",
    "rejected": "Không đồng ý",
}
# An obligation with a request waiting for a decision, beside its report's state.
PENDING_EXTENSION_LABEL = f"{EXTENSION_STATE_LABELS['pending']} gia hạn"

_SHORT = {Status.DONE_EARLY: "sớm hạn", Status.DONE_ON_TIME: "đúng hạn", Status.DONE_LATE: "trễ hạn"}

DONE = frozenset({Status.DONE_EARLY, Status.DONE_ON_TIME, Status.DONE_LATE})
OPEN = frozenset(Status) - DONE - {Status.NOT_TRACKED}
# What is followed: the statuses the counts, the rates and the reminders are made of.
TRACKED = DONE | OPEN


def is_early(completed_on: date, due: date, *, calendar: WorkCalendar, early_working_days: int = 1) -> bool:
    """Finished at least ``early_working_days`` working days before ``due``.

    0 means "before the due day" (any earlier day, weekends included): read literally, "at
    least 0 working days before" would make every on-time completion early.
    """
    if early_working_days <= 0:
        return completed_on < due
    return completed_on <= calendar.add_working_days(due, -early_working_days)


def obligation_status(
    *,
    due: date | None,
    current_due: date | None,
    completed_on: date | None,
    has_activity: bool,
    today: date,
    calendar: WorkCalendar,
    early_working_days: int = 1,
) -> Status:
    """The status of one obligation on ``today``.

    ``due`` is the plan's date (kept for the statistics), ``current_due`` the one in force
    (an approved extension's date, else ``due``), ``completed_on`` the date of the accepted
    report's evidence. A completion is judged against the original date: an extension buys
    time against "overdue", not against "late".
    """
    if completed_on is not None:
        if due is None:  # nothing to be late against (an event or set date never entered)
            return Status.DONE_ON_TIME
        if is_early(completed_on, due, calendar=calendar, early_working_days=early_working_days):
            return Status.DONE_EARLY
        return Status.DONE_ON_TIME if completed_on <= due else Status.DONE_LATE
    in_force = current_due if current_due is not None else due
    if in_force is not None:
        if today > in_force:
            return Status.OVERDUE
        if due is not None and in_force > due:
            return Status.EXTENDED
    # No date yet (event not happened, date not set) can be neither overdue nor extended.
    return Status.IN_PROGRESS if has_activity else Status.NOT_DUE


# The plans' target for the early share: "Có trên 30% công việc … hoàn thành sớm hạn" (more
# than 30 %: exactly 30 % misses it).
EARLY_TARGET = 0.30


def early_ratio(done_early: int, done: int) -> float | None:
    """The early share: sớm hạn / hoàn thành, the one definition every count uses; None when
    nothing is finished yet."""
    return done_early / done if done > 0 else None


def early_target_met(share: float | None) -> bool:
    """Whether an early share meets the plans' target (more than ``EARLY_TARGET``)."""
    return share is not None and share > EARLY_TARGET


def early_share(statuses: Iterable[str]) -> float | None:
    """:func:`early_ratio` of a list of statuses."""
    done = early = 0
    for s in statuses:
        if s in DONE:
            done += 1
            early += s == Status.DONE_EARLY
    return early_ratio(early, done)


@dataclass(frozen=True, slots=True)
class Rates:
    """The headline figures of a set of obligations, from its count per status.

    ``on_time_rate`` = (sớm hạn + đúng hạn) / (hoàn thành + quá hạn): the share of the work
    that has fallen due (finished, or past its date and still open) which was finished on
    time. Overdue work weighs in: 10 finished on time beside 239 overdue is 4 %, not 100 %.
    ``early_share`` = sớm hạn / hoàn thành (the plans aim at "trên 30 % công việc hoàn thành
    sớm hạn"). Both are None when nothing has fallen due / been finished yet.
    """

    total: int
    done: int
    done_early: int
    done_on_time: int
    done_late: int
    overdue: int

    @property
    def fallen_due(self) -> int:
        return self.done + self.overdue

    @property
    def open(self) -> int:
        return self.total - self.done

    @property
    def on_time_rate(self) -> float | None:
        n = self.fallen_due
        return (self.done_early + self.done_on_time) / n if n else None

    @property
    def early_share(self) -> float | None:
        return early_ratio(self.done_early, self.done)


def rates(counts: Mapping[str, int]) -> Rates:
    """:class:`Rates` from a count per status value (missing statuses count 0). Only what is
    followed counts: "không theo dõi" and values that are not statuses stay out of the total."""
    get = lambda s: int(counts.get(s, 0) or 0)  # noqa: E731
    early, on_time, late = get(Status.DONE_EARLY), get(Status.DONE_ON_TIME), get(Status.DONE_LATE)
    return Rates(
        total=sum(get(s) for s in TRACKED),
        done=early + on_time + late,
        done_early=early,
        done_on_time=on_time,
        done_late=late,
        overdue=get(Status.OVERDUE),
    )


class Attainment(StrEnum):
    MET = "dat"
    NOT_MET = "khong_dat"
    NO_DATA = "chua_co_so_lieu"

    @property
    def label(self) -> str:
        return _ATTAINMENT_LABELS[self]


_ATTAINMENT_LABELS = {
    Attainment.MET: "đạt",
    Attainment.NOT_MET: "không đạt",
    Attainment.NO_DATA: "chưa có số liệu",
}

_OPS = {
    ">=": lambda m, t: m >= t,
    ">": lambda m, t: m > t,
    "=": lambda m, t: m == t,
    "<=": lambda m, t: m <= t,
    "<": lambda m, t: m < t,
}


def _decimal(value: object) -> Decimal | None:
    if value is None or isinstance(value, bool):
        return None
    try:
        d = Decimal(str(value).strip().replace(",", "."))
    except (InvalidOperation, ValueError):
        return None
    return d if d.is_finite() else None


def attainment(op: str, target_value: object, measured: object) -> Attainment:
    """Is the measured value on the right side of the target (``op`` as in ``core.targets``)?

    Values are compared as decimals so that 100 and 100.0000 (a DecimalField) are equal;
    a missing or unreadable measurement is "chưa có số liệu".
    """
    compare = _OPS.get((op or "").strip())
    if compare is None:
        raise ValueError(f"Phép so sánh không hợp lệ: {op!r}")
    m, t = _decimal(measured), _decimal(target_value)
    if m is None or t is None:
        return Attainment.NO_DATA
    return Attainment.MET if compare(m, t) else Attainment.NOT_MET
