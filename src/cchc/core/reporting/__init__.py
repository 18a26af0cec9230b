"""The periodic reports' documents: plain data in (``ReportDocument``), file bytes out. No
Django: the web app and the command line compute the content and call these.

Modules:

* ``document``: the content model (``ReportDocument``, ``Letterhead``, ``Section``, ``Table``
  with its ``total_row()``, ``Column``, ``Ratio``, ``Chart``, ``Signature``), with
  ``to_dict`` / ``from_dict`` (``serial``: the JSON-safe form, for storing a generated
  document's content).
* ``cells``: the text of a cell the Vietnamese way ("1.234", "50,0 %", dd/mm/yyyy), the place
  and date line, NFC and cleaning.
* ``template``: the shipped Word template (Decree 30/2020/NĐ-CP's layout), built by code.
* ``docx``: ``render_docx`` (docxtpl; the template's variables are listed there and in
  docs/report-template.md), ``check_template``, ``ReportTemplateError``.
* ``docx_body`` / ``ooxml``: the body subdocument (sections, tables, charts) and its XML pieces.
* ``xlsx``: ``render_xlsx``, the statistical appendix (a sheet per table, totals as formulas).
* ``pdf``: ``render_pdf``, the Word file printed by LibreOffice (None without it).
* ``charts``: ``chart_png`` (matplotlib, Agg).
* ``sample``: ``sample_document``, a small report of every kind of block.
* ``periods``: which records a report covers and when it is due (``parse_period``, the
  Ministry's ``DEFAULT_RULES``, ``periods_due``, ``report_title``).
"""

from __future__ import annotations

from cchc.core.reporting.charts import chart_png
from cchc.core.reporting.document import (
    Cell,
    Chart,
    Column,
    Letterhead,
    Ratio,
    ReportDocument,
    Section,
    Signature,
    Table,
)
from cchc.core.reporting.docx import TEMPLATE_VARIABLES, ReportTemplateError, check_template, render_docx
from cchc.core.reporting.pdf import ReportPdfError, render_pdf
from cchc.core.reporting.sample import sample_document
from cchc.core.reporting.template import default_template
from cchc.core.reporting.xlsx import render_xlsx

__all__ = [
    "TEMPLATE_VARIABLES",
    "Cell",
    "Chart",
    "Column",
    "Letterhead",
    "Ratio",
    "ReportDocument",
    "ReportPdfError",
    "ReportTemplateError",
    "Section",
    "Signature",
    "Table",
    "chart_png",
    "check_template",
    "default_template",
    "render_docx",
    "render_pdf",
    "render_xlsx",
    "sample_document",
]
