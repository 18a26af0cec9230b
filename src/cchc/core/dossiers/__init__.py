"""Dossier analytics: the one-stop-shop indicators from the systems' exports (issue 4).

Pure (no Django). Read exports with :func:`read_dossiers` / :func:`read_pauses` (CSV, XLSX,
Parquet; Vietnamese headers mapped to the canonical schema of ``schema.py``), then
:func:`analyze` them against a :class:`~cchc.core.calendar.WorkCalendar`. The definitions are
SQL written once (``engine.py``) and run on DuckDB here or on Spark (``spark.py``).

Group dicts carry the keys asked for in ``AnalysisOptions.by``: ``unit``; ``procedure_code``
and ``procedure_name`` (for ``procedure``); ``officer``; ``month`` ('YYYY-MM'); then the
counts ``received, finished, early, on_time, late, overdue, open`` and the ratios
``on_time_rate, online_share, online_full_share, paid_online_share, postal_share,
digitized_share, result_digitized_share, progress_score_766`` (None when the denominator is 0).
"""

from cchc.core.calendar import WorkingHours
from cchc.core.dossiers.engine import FACT_COLUMNS, RULES, analyze
from cchc.core.dossiers.load import combine, read_dossiers, read_pauses
from cchc.core.dossiers.options import GROUP_KEYS, AnalysisOptions
from cchc.core.dossiers.result import AnalysisResult, LoadResult, Rejected
from cchc.core.dossiers.schema import DossierReadError

__all__ = [
    "FACT_COLUMNS",
    "GROUP_KEYS",
    "RULES",
    "AnalysisOptions",
    "AnalysisResult",
    "DossierReadError",
    "LoadResult",
    "Rejected",
    "WorkingHours",
    "analyze",
    "combine",
    "read_dossiers",
    "read_pauses",
]
