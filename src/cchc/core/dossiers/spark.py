"""The same definitions on Apache Spark, for a whole country's dossiers.

``sql.py``'s DuckDB-dialect statements are transpiled by sqlglot to Spark SQL; the inputs
are the same tables (timestamps as integer seconds, so no session time zone can shift them;
the session is set to UTC anyway). Locally (tests) Spark runs in local mode; on a cluster,
pass your own ``SparkSession`` (``spark-submit`` with the cluster's master) and, at scale,
Spark DataFrames read from the canonical Parquet files instead of in-memory Arrow tables.
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING, Any

import pyarrow as pa
import sqlglot

from cchc.core.calendar import WorkCalendar
from cchc.core.dossiers.engine import assemble, in_rid_order, run
from cchc.core.dossiers.options import AnalysisOptions
from cchc.core.dossiers.result import AnalysisResult, Rejected

if TYPE_CHECKING:
    from pyspark.sql import SparkSession


def to_spark_sql(sql: str) -> str:
    """A DuckDB-dialect statement of ``sql.py`` in Spark SQL."""
    return sqlglot.transpile(sql, read="duckdb", write="spark")[0]


def local_session(cores: int = 2, app: str = "cchc-dossiers") -> SparkSession:
    """A local-mode session bound to 127.0.0.1 (no network), UTC, small shuffles."""
    from pyspark.sql import SparkSession

    os.environ.setdefault("SPARK_LOCAL_IP", "127.0.0.1")
    return (
        SparkSession.builder.master(f"local[{cores}]")
        .appName(app)
        .config("spark.driver.host", "127.0.0.1")
        .config("spark.driver.bindAddress", "127.0.0.1")
        .config("spark.ui.enabled", "false")
        .config("spark.ui.showConsoleProgress", "false")
        .config("spark.sql.session.timeZone", "UTC")
        .config("spark.sql.shuffle.partitions", str(max(2, cores * 2)))
        .config("spark.sql.execution.arrow.pyspark.enabled", "true")
        .config("spark.sql.ansi.enabled", "false")
        .getOrCreate()
    )


class SparkRunner:
    def __init__(self, spark: SparkSession) -> None:
        self.spark = spark
        self._cached: list[Any] = []  # Spark DataFrames, unpersisted in close()

    def register(self, name: str, table: pa.Table) -> None:
        plain = [
            f.with_type(f.type.value_type) if pa.types.is_dictionary(f.type) else f for f in table.schema
        ]  # Spark takes no Arrow dictionaries
        self.spark.createDataFrame(table.cast(pa.schema(plain))).createOrReplaceTempView(name)

    def facts(self, sql: str, dossiers: pa.Table) -> pa.Table:
        slim = self.spark.sql(to_spark_sql(sql)).cache()
        self._cached.append(slim)
        slim.createOrReplaceTempView("facts_slim")
        cols = ", ".join(f"s.{c}" for c in slim.columns if c != "rid")
        joined = self.spark.sql(
            f"SELECT d.*, {cols} FROM dossiers d JOIN facts_slim s ON d.rid = s.rid"
        ).cache()
        self._cached.append(joined)
        joined.createOrReplaceTempView("facts")
        return in_rid_order(slim.toArrow())

    def query(self, sql: str) -> pa.Table:
        return self.spark.sql(to_spark_sql(sql)).toArrow()

    def close(self) -> None:
        for df in self._cached:
            df.unpersist()


def analyze_spark(
    dossiers: pa.Table,
    pauses: pa.Table | None,
    calendar: WorkCalendar,
    options: AnalysisOptions,
    *,
    spark: SparkSession | None = None,
    rows_read: int | None = None,
    rejected: list[Rejected] | None = None,
) -> AnalysisResult:
    """:func:`cchc.core.dossiers.analyze` on Spark (a local session unless ``spark`` is given)."""
    runner = SparkRunner(spark or local_session())
    try:
        out = run(runner, dossiers, pauses, calendar, options)
    finally:
        runner.close()
    return assemble(dossiers, out, options, rows_read, rejected)
