"""The files of a report: the Word document (the department's template, else the shipped
one), the Excel appendix and the PDF (when LibreOffice is installed), each kept with the
report, who made it, when, and the data version it was made from."""

from __future__ import annotations

from dataclasses import dataclass

from django.core.files.base import ContentFile
from django.db import transaction

from cchc.core.reporting.docx import render_docx
from cchc.core.reporting.pdf import render_pdf
from cchc.core.reporting.xlsx import render_xlsx
from cchc.orgs.types import User
from cchc.reporting.models import GeneratedFile, ReportTemplate, UpwardReport
from cchc.reporting.services import compose_document


@dataclass(frozen=True, slots=True)
class Rendered:
    docx: bytes
    xlsx: bytes
    pdf: bytes | None


def template_bytes(report: UpwardReport) -> bytes | None:
    """The department's own template, if it uploaded one."""
    own = ReportTemplate.objects.filter(organisation_id=report.organisation_id).first()
    if own is None or not own.file:
        return None
    with own.file.open("rb") as f:
        return f.read()


def render(report: UpwardReport, *, pdf: bool = True) -> Rendered:
    """The report's files as they read now (its stored figures and its texts)."""
    doc = compose_document(report)
    docx = render_docx(doc, template_bytes(report))
    return Rendered(docx=docx, xlsx=render_xlsx(doc), pdf=render_pdf(docx) if pdf else None)


def file_stem(report: UpwardReport) -> str:
    return f"bao-cao-{report.kind}-{report.period_key}".replace("_", "-").lower()


def keep(report: UpwardReport, rendered: Rendered, user: User | None) -> list[GeneratedFile]:
    """Store the files with the report (one transaction: all of them or none)."""
    out = []
    with transaction.atomic():
        for fmt, data in (("docx", rendered.docx), ("xlsx", rendered.xlsx), ("pdf", rendered.pdf)):
            if data is None:
                continue
            row = GeneratedFile(
                report=report, format=fmt, size=len(data), data_version=report.data_version, created_by=user
            )
            row.file.save(f"{file_stem(report)}.{fmt}", ContentFile(data), save=False)
            row.save()
            out.append(row)
    return out
