"""``cchc score …``: the PAR INDEX self-assessment from the command line.

- ``import-criteria FILE.xlsx --org ORG --year YYYY [--replace]``: the province's criteria set
  from the Office's workbook (docs/scoring-criteria.md); every bad row is printed and nothing
  is imported (exit 2).
- ``export-criteria --org ORG --year YYYY --out FILE.xlsx`` / ``template --out FILE.xlsx``.
- ``copy-criteria --org ORG --from-year Y --year YYYY``: last year's set as the next one's start.
- ``open --org ORG --year YYYY --due DD/MM/YYYY``: open the year's assessment.
- ``propose --org ORG --year YYYY``: compute the proposals again from the records.
- ``show --org ORG --year YYYY [--json]``: the score table.
"""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date, datetime
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from cchc.core.errors import UserError
from cchc.core.scoring import CriteriaFileError, read_criteria, template_bytes, write_criteria
from cchc.orgs.models import Organisation
from cchc.scoring import selectors, services, sets, sources
from cchc.scoring.models import Assessment


def _org(code: str) -> Organisation:
    org = Organisation.objects.filter(code=code).first()
    if org is None:
        raise CommandError(f"Không có Sở mã “{code}”.", returncode=2)
    return org


def _date(text: str) -> date:
    for fmt in ("%d/%m/%Y", "%Y-%m-%d"):
        try:
            return datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    raise CommandError(f"Ngày “{text}” không đúng: ghi dd/mm/yyyy (ví dụ 20/12/2026).", returncode=2)


def _write(path: str, data: bytes) -> None:
    try:
        Path(path).write_bytes(data)
    except OSError as exc:
        raise CommandError(f"Không ghi được {path}: {exc.strerror}", returncode=2) from exc


class Command(BaseCommand):
    help = "Chấm điểm Chỉ số CCHC: bộ tiêu chí, tự đánh giá, bảng điểm."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        imp = sub.add_parser("import-criteria", help="nhập bộ tiêu chí từ tệp Excel")
        imp.add_argument("file")
        imp.add_argument("--org", required=True, help="mã của Sở (bộ tiêu chí thuộc tỉnh của Sở)")
        imp.add_argument("--year", required=True, type=int)
        imp.add_argument("--replace", action="store_true", help="thay bộ tiêu chí đã có (khi chưa dùng)")
        exp = sub.add_parser("export-criteria", help="xuất bộ tiêu chí ra tệp Excel")
        exp.add_argument("--org", required=True)
        exp.add_argument("--year", required=True, type=int)
        exp.add_argument("--out", required=True)
        tpl = sub.add_parser("template", help="tệp Excel mẫu để nhập bộ tiêu chí")
        tpl.add_argument("--out", required=True)
        cp = sub.add_parser("copy-criteria", help="chép bộ tiêu chí năm trước sang năm mới")
        cp.add_argument("--org", required=True)
        cp.add_argument("--from-year", required=True, type=int)
        cp.add_argument("--year", required=True, type=int)
        op = sub.add_parser("open", help="mở kỳ tự đánh giá của năm")
        op.add_argument("--org", required=True)
        op.add_argument("--year", required=True, type=int)
        op.add_argument("--due", required=True, help="hạn nộp tự chấm, dd/mm/yyyy")
        pr = sub.add_parser("propose", help="tính lại điểm đề xuất từ số liệu")
        pr.add_argument("--org", required=True)
        pr.add_argument("--year", required=True, type=int)
        sh = sub.add_parser("show", help="in bảng điểm")
        sh.add_argument("--org", required=True)
        sh.add_argument("--year", required=True, type=int)
        sh.add_argument("--json", action="store_true")

    def handle(self, *args: Any, **opts: Any) -> None:
        try:
            getattr(self, "do_" + opts["action"].replace("-", "_"))(opts)
        except CriteriaFileError as exc:
            for p in exc.problems:
                self.stderr.write(f"dòng {p.row}, cột {p.column}: {p.message}" if p.row else p.message)
            raise CommandError(f"{exc.message} Không nhập gì.", returncode=2) from exc
        except UserError as exc:
            raise CommandError(exc.message, returncode=2) from exc

    def do_import_criteria(self, opts: dict[str, Any]) -> None:
        org = _org(opts["org"])
        path = Path(opts["file"])
        if not path.is_file():
            raise CommandError(f"Không tìm thấy tệp {path}.", returncode=2)
        core = read_criteria(path.read_bytes(), known_sources=sources.known())
        if core.year and core.year != opts["year"]:
            self.stderr.write(
                f"Lưu ý: tệp ghi năm {core.year}; bộ tiêu chí được nhập cho năm {opts['year']}."
            )
        core = replace(core, province=org.province, year=opts["year"])
        cset = sets.save_set(core, replace=opts["replace"])
        self.stdout.write(
            f"Đã nhập “{cset.title}” ({cset.items.count()} mục) cho {cset.province}, năm {cset.year}."
        )

    def do_export_criteria(self, opts: dict[str, Any]) -> None:
        org = _org(opts["org"])
        cset = sets.set_for(org.province, opts["year"])
        if cset is None:
            raise CommandError(f"Chưa có bộ tiêu chí năm {opts['year']} của {org.province}.", returncode=2)
        _write(opts["out"], write_criteria(sets.to_core(cset)))
        self.stdout.write(f"Đã ghi {opts['out']}")

    def do_template(self, opts: dict[str, Any]) -> None:
        _write(opts["out"], template_bytes())
        self.stdout.write(f"Đã ghi {opts['out']}")

    def do_copy_criteria(self, opts: dict[str, Any]) -> None:
        org = _org(opts["org"])
        source = sets.set_for(org.province, opts["from_year"])
        if source is None:
            raise CommandError(
                f"Chưa có bộ tiêu chí năm {opts['from_year']} của {org.province}.", returncode=2
            )
        cset = sets.copy_set(source, opts["year"])
        self.stdout.write(f"Đã chép bộ tiêu chí năm {opts['from_year']} sang năm {cset.year}.")

    def do_open(self, opts: dict[str, Any]) -> None:
        org = _org(opts["org"])
        a = services.open_assessment(org, opts["year"], self_due=_date(opts["due"]))
        self.stdout.write(
            f"Đã mở kỳ tự đánh giá năm {a.year} của {org.name} ({a.scores.count()} tiêu chí chấm)."
        )

    def _assessment(self, opts: dict[str, Any]) -> Assessment:
        org = _org(opts["org"])
        a = (
            Assessment.objects.filter(organisation=org, year=opts["year"])
            .select_related("criteria_set")
            .first()
        )
        if a is None:
            raise CommandError(f"{org.name} chưa mở kỳ tự đánh giá năm {opts['year']}.", returncode=2)
        return a

    def do_propose(self, opts: dict[str, Any]) -> None:
        a = self._assessment(opts)
        n = services.propose(a)
        self.stdout.write(f"Đã tính {n} điểm đề xuất từ số liệu.")

    def do_show(self, opts: dict[str, Any]) -> None:
        a = self._assessment(opts)
        data = selectors.show(a)
        if opts["json"]:
            self.stdout.write(json.dumps(data, ensure_ascii=False, indent=1))
            return
        self.stdout.write(f"{data['set']['title']} — {a.organisation.name}, năm {a.year}")
        for i in data["items"]:
            indent = {"area": "", "criterion": "  ", "sub": "    "}.get(i["level"], "")
            cells = " | ".join(_points(i[c]) for c in ("proposed", "self", "appraised", "final"))
            self.stdout.write(f"{indent}{i['code']} {i['title'][:60]} (tối đa {_points(i['max'])}): {cells}")
        t = data["totals"]
        self.stdout.write(
            "Tổng (đề xuất | tự chấm | thẩm định | cuối cùng): "
            + " | ".join(_points(t[c]) for c in ("proposed", "self", "appraised", "final"))
            + f" / {_points(t['max'])}"
        )


def _points(v: float | None) -> str:
    return selectors.points_text(v)
