"""Keeps ``Obligation.unit_order`` equal to its unit's ``order``.

The board sorts a department's obligations by (due date, unit order, id); the copy on the
obligation lets one index serve that sort and the page offset (see ``Obligation``). A unit's
order changes rarely (the directory in the admin), so the copy is rewritten set-based then.
"""

from __future__ import annotations

from typing import Any

from cchc.orgs.models import Unit


def on_unit_saved(sender: Any, instance: Unit, **kwargs: Any) -> None:
    from cchc.tracking import cache
    from cchc.tracking.models import Obligation

    changed = Obligation.objects.filter(unit_id=instance.pk).exclude(unit_order=instance.order)
    if changed.update(unit_order=instance.order):
        cache.bump(instance.organisation_id)


def connect() -> None:
    from django.db.models.signals import post_save

    post_save.connect(on_unit_saved, sender=Unit, dispatch_uid="obligation-unit-order")
