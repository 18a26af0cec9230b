"""Logging people in: Django's model backend, reading a person with their department.

Every page needs the person (Django's ``get_user``, a query per request) and then their
membership with its department and unit (a second query, ``selectors.membership_for``).
:class:`MembershipBackend` reads both in one query and hands the membership over on the
user object, so a request pays one round trip for "who is this and where do they work".
The row is read fresh on every request (nothing cached): a password changed, an account
switched off or a role changed takes effect on the next request, as with Django's own
backend.
"""

from __future__ import annotations

from functools import cache
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.db.models import Model

from cchc.orgs import throttle
from cchc.orgs.models import Membership, Organisation, Unit

# Set on the user by the backend: the membership (or None: the person belongs to no department).
MEMBERSHIP_ATTR = "_cchc_membership"


def _columns(model: Any) -> list[str]:
    return [f.column for f in model._meta.concrete_fields]


def _build(model: Any, values: tuple[Any, ...]) -> Any:
    """An instance from its raw column values, as the ORM builds one: each value through the
    converters the ORM would apply (SQLite's text dates and integer booleans, JSON), then
    ``from_db`` (the instance marked as loaded from this database)."""
    names, steps = _converters(model)
    converted = list(values)
    for i, col, convs in steps:
        value = converted[i]
        for convert in convs:
            value = convert(value, col, connection)
        converted[i] = value
    return model.from_db(connection.alias, names, converted)


@cache
def _converters(model: Any) -> tuple[list[str], list[tuple[int, Any, list[Any]]]]:
    # Per model, once per process: (attribute names, [(position, column, converters)]).
    fields = model._meta.concrete_fields
    steps = []
    for i, field in enumerate(fields):
        col = field.get_col(model._meta.db_table)
        convs = connection.ops.get_db_converters(col) + col.get_db_converters(connection)
        if convs:
            steps.append((i, col, convs))
    return [f.attname for f in fields], steps


@cache
def _query() -> tuple[str, list[list[str]]]:
    user_model = get_user_model()
    tables: list[tuple[type[Model], str]] = [
        (user_model, "u"),
        (Membership, "m"),
        (Organisation, "o"),
        (Unit, "n"),
    ]
    groups = [_columns(model) for model, _ in tables]
    quote = connection.ops.quote_name
    select = ", ".join(
        f"{alias}.{quote(column)}"
        for (model, alias), columns in zip(tables, groups, strict=True)
        for column in columns
    )
    t = {alias: quote(model._meta.db_table) for model, alias in tables}
    user_pk = user_model._meta.pk
    assert user_pk is not None  # a concrete model always has one
    # The first membership by id, as ``selectors.membership_for`` reads it (a person works for
    # one department; the first one if several): a scalar subquery, on SQLite and PostgreSQL.
    sql = (
        f"SELECT {select} FROM {t['u']} u "
        f"LEFT JOIN {t['m']} m ON m.id = (SELECT id FROM {t['m']} WHERE user_id = u.id ORDER BY id LIMIT 1) "
        f"LEFT JOIN {t['o']} o ON o.id = m.organisation_id "
        f"LEFT JOIN {t['n']} n ON n.id = m.unit_id "
        f"WHERE u.{quote(str(user_pk.column))} = %s"
    )
    return sql, groups


class MembershipBackend(ModelBackend):
    """``ModelBackend`` whose ``get_user`` also reads the person's membership, department and
    unit, in the same query (see the module's docstring); logins are throttled
    (``orgs.throttle``)."""

    def authenticate(
        self, request: Any, username: str | None = None, password: str | None = None, **kwargs: Any
    ):
        if username is None:
            username = kwargs.get(get_user_model().USERNAME_FIELD)
        address = throttle.client_address(request)
        if throttle.refuse(username, address):
            # Django's authenticate() stops at this: no other backend, no password check.
            raise PermissionDenied(throttle.locked_message())
        user = super().authenticate(request, username=username, password=password, **kwargs)
        if user is None:
            throttle.record_failure(username, address)
        else:
            throttle.record_success(username)
        return user

    def get_user(self, user_id: Any) -> Any:
        user_model = get_user_model()
        try:
            pk = user_model._meta.pk.to_python(user_id)
        except Exception:
            return None
        sql, groups = _query()
        with connection.cursor() as cursor:
            cursor.execute(sql, [pk])
            row = cursor.fetchone()
        if row is None:
            return None
        parts, start = [], 0
        for columns in groups:
            parts.append(tuple(row[start : start + len(columns)]))
            start += len(columns)
        user = _build(user_model, parts[0])
        if not self.user_can_authenticate(user):
            return None
        membership = None
        if parts[1][0] is not None:
            membership = _build(Membership, parts[1])
            organisation = _build(Organisation, parts[2])
            membership.organisation = organisation
            membership.unit = _build(Unit, parts[3]) if parts[3][0] is not None else None
            membership.user = user
        setattr(user, MEMBERSHIP_ATTR, membership)
        return user
