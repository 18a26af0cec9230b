"""``cchc plan parse --org``: units checked against a department kept in the database."""

from __future__ import annotations

import json

from cchc.cli import main
from cchc.core.text import fold
from cchc.orgs.models import UnitAlias
from tests.paths import PLANS_DIR

PLAN = str(PLANS_DIR / "khanhhoa-sct-2025-sipas-appendix.txt")


def _parse(capsys, *args: str) -> dict:
    assert main(["plan", "parse", PLAN, "--json", *args]) == 0
    return json.loads(capsys.readouterr().out)


def test_units_resolve_against_the_departments_directory(org, capsys):
    data = _parse(capsys, "--org", org.code)
    statuses = {u["status"] for t in data["tasks"] for u in t["units_resolved"]["lead"]}
    assert "unresolved" not in statuses
    first = data["tasks"][0]["units_resolved"]["lead"][0]
    assert first["status"] == "unit" and first["codes"] == ["VP"]


def test_a_saved_alias_is_used(org, capsys):
    # The Office once mapped "Văn phòng Sở (Quản trị mạng)" to the e-government team's unit.
    unit = org.units.get(code="QLTM")
    UnitAlias.objects.create(
        organisation=org,
        text="Văn phòng Sở (Quản trị mạng)",
        key=fold("Văn phòng Sở (Quản trị mạng)"),
        unit=unit,
    )
    data = _parse(capsys, "--org", org.code)
    refs = [
        u
        for t in data["tasks"]
        for u in t["units_resolved"]["coordinating"]
        if u["text"] == "Văn phòng Sở (Quản trị mạng)"
    ]
    assert len(refs) == 2 and all(r["codes"] == ["QLTM"] for r in refs)


def test_without_a_directory_names_stay_unresolved(db, capsys):
    data = _parse(capsys)
    refs = [u for t in data["tasks"] for u in t["units_resolved"]["lead"]]
    assert {"unresolved", "group", "external"} >= {r["status"] for r in refs}
    assert any(r["text"] == "Văn phòng Sở" and r["status"] == "unresolved" for r in refs)
    assert data["warnings"][0].startswith("Chưa đối chiếu tên đơn vị")


def test_unknown_department_is_an_error(db, capsys):
    assert main(["plan", "parse", PLAN, "--org", "no-such-org"]) == 2
    assert "không có Sở mã" in capsys.readouterr().err
