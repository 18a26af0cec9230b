"""Reads of the orgs app: the pure unit directory of a department, and who may do what."""

from __future__ import annotations

import re
from typing import Any

from django.contrib.auth.models import AnonymousUser

from cchc.core.units import Unit as CoreUnit
from cchc.core.units import UnitDirectory
from cchc.orgs.auth import MEMBERSHIP_ATTR
from cchc.orgs.models import IGNORE_TARGET, Membership, Organisation, Unit, UnitAlias
from cchc.orgs.types import AnyUser


def _core_unit(u: Unit) -> CoreUnit:
    return CoreUnit(
        code=u.code,
        name=u.name,
        kind=u.kind,
        abbreviations=tuple(u.abbreviations or ()),
        affiliation=u.affiliation,
    )


def active_units(org: Organisation) -> list[Unit]:
    return list(org.units.filter(is_active=True).order_by("order", "name"))


def alias_map(org: Organisation) -> dict[str, str]:
    """Folded text -> unit code, group key, or IGNORE_TARGET: the Office's corrections."""
    return {
        a.key: a.target for a in UnitAlias.objects.filter(organisation=org).select_related("unit") if a.target
    }


def alias_overrides(org: Organisation) -> dict[str, str]:
    """Only the "not a unit" corrections: the drafting code applies those itself."""
    return {k: v for k, v in alias_map(org).items() if v == IGNORE_TARGET}


def directory_for(org: Organisation) -> UnitDirectory:
    """The department's active units and the aliases saved in earlier import previews."""
    aliases = {k: v for k, v in alias_map(org).items() if v != IGNORE_TARGET}
    return UnitDirectory([_core_unit(u) for u in active_units(org)], aliases, department=department_name(org))


def department_name(org: Organisation) -> str:
    """ "Sở Công Thương tỉnh Hòa Bình Xanh" -> "Sở Công Thương": how plans name the department."""
    return re.sub(r"\s+(?:tỉnh|thành phố|tp\.?)\s.*$", "", org.name, flags=re.IGNORECASE).strip()


def group_choices(org: Organisation) -> list[tuple[str, str, list[str]]]:
    """(group key, label, member unit names) for every set of units the directory knows."""
    directory = directory_for(org)
    names = {u.code: u.name for u in org.units.all()}
    out: list[tuple[str, str, list[str]]] = []
    for key, label, codes in _directory_groups(directory):
        out.append((key, label, [names.get(c, c) for c in codes]))
    return out


def _directory_groups(directory: UnitDirectory) -> list[tuple[str, str, list[str]]]:
    groups: Any = getattr(directory, "groups", None)
    if callable(groups):
        groups = groups()
    if not groups:
        return []
    out: list[tuple[Any, Any, list[Any]]] = []  # read from whatever the directory holds
    items = groups.items() if isinstance(groups, dict) else ((getattr(g, "key", None), g) for g in groups)
    for key, g in items:
        if isinstance(g, (list, tuple, set, frozenset)):
            out.append((key, key, list(g)))
        else:
            out.append(
                (
                    key or g.key,
                    getattr(g, "label", None) or getattr(g, "name", key),
                    list(getattr(g, "codes", [])),
                )
            )
    return out


def unit_names(org: Organisation) -> dict[str, str]:
    return {u.code: u.name for u in org.units.all()}


def membership_for(user: AnyUser) -> Membership | None:
    """The user's membership (a person works for one department; the first one if several).
    A user logged in through ``orgs.auth.MembershipBackend`` already carries it (read in the
    same query as the user); any other user object is looked up."""
    if isinstance(user, AnonymousUser) or not getattr(user, "is_authenticated", False):
        return None
    try:
        return getattr(user, MEMBERSHIP_ATTR)
    except AttributeError:
        pass
    return Membership.objects.select_related("organisation", "unit").filter(user=user).order_by("id").first()
