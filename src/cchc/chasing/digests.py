"""The scheduled messages that are not about one obligation: the monthly call for unit
reports, the weekly digest for the leadership meeting, and each person's digest of the
reminders the weekly cap held back."""

from __future__ import annotations

import logging
from datetime import date, datetime

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Count

from cchc.chasing import messages
from cchc.chasing.cap import lock_person
from cchc.chasing.context import (
    People,
    Person,
    calendar_for,
    local_date,
    local_now,
    organisations,
    people_of,
    rules_for,
)
from cchc.chasing.models import Delivery, Kind
from cchc.chasing.outbox import Message, PassResult, delivery_key, existing_keys, insert
from cchc.chasing.selectors import FOLDED_FIELDS, called_obligations, group_folded, week_label, weekly_digest
from cchc.core.reminders import UNIT, digest_due, report_call_due
from cchc.orgs.models import Organisation
from cchc.orgs.names import full_name
from cchc.tracking.models import Obligation

log = logging.getLogger("cchc.chasing")

CALL_ITEMS = 30  # obligations listed in one call; the rest are counted


def _message(key: str, org: Organisation, person: Person, kind: str, r: messages.Rendered) -> Message:
    return Message(
        key=key,
        organisation_id=org.id,
        recipient_id=person.id,
        email=person.email,
        kind=kind,
        obligation_id=None,
        subject=r.subject,
        text=r.text,
        html=r.html,
        title=r.title,
        body=r.body,
        url=r.url,
    )


def run_report_call(*, now: datetime, organisation: Organisation | None = None) -> PassResult:
    """On the reporting day (the 25th; the working day before it when it is off) each unit
    head gets one message listing all the unit's open obligations whose work has started.
    Missed days are caught up for ``grace_days``; a call goes out once per unit and month."""
    result = PassResult("report_call", ran=False)
    today = local_date(now)
    for org in organisations(organisation):
        cal, rules = calendar_for(org), rules_for(org)
        due = report_call_due(today, org.reporting_day, rules, cal)
        if due is None:
            continue
        result.ran = True
        month, call_day = due
        people = people_of(org)
        called = called_obligations(org, call_day)
        counts = dict(called.values("unit").annotate(n=Count("id")).values_list("unit", "n"))
        wanted: dict[str, tuple[int, Person]] = {}
        for unit_id in counts:
            for uid in people.for_unit(unit_id).for_audience(UNIT):
                key = delivery_key(Kind.REPORT_CALL, f"{month}:unit{unit_id}", None, uid, call_day)
                wanted[key] = (unit_id, people.persons[uid])
        known = existing_keys(wanted)
        result.existing += len(known)
        todo_units = {unit_id for key, (unit_id, _) in wanted.items() if key not in known}
        if not todo_units:
            continue
        listed: dict[int, list[Obligation]] = {u: [] for u in todo_units}
        qs = called.filter(unit_id__in=list(todo_units)).select_related("task", "plan", "unit")
        for ob in qs.order_by("unit_id", "current_due", "id").iterator(chunk_size=500):
            if len(listed[ob.unit_id]) < CALL_ITEMS:
                listed[ob.unit_id].append(ob)
        new = []
        for key, (unit_id, person) in wanted.items():
            if key in known:
                continue
            obs = listed[unit_id]
            more = counts[unit_id] - len(obs)
            r = messages.report_call(obs[0].unit.name, month, call_day, obs, more, person)
            new.append(_message(key, org, person, Kind.REPORT_CALL, r))
        created, skipped, _ = insert(new, now=now)
        result.created += created
        result.existing += skipped
    return result


def run_weekly_digest(*, now: datetime, organisation: Organisation | None = None) -> PassResult:
    """On the digest weekday from the digest hour (Friday 07:00 by default; the working day
    before when Friday is off), the leadership and the Office get the week's figures, and
    everyone with reminders held back by the weekly cap gets them in one personal digest."""
    result = PassResult("weekly_digest", ran=False)
    local = local_now(now)
    for org in organisations(organisation):
        cal, rules = calendar_for(org), rules_for(org)
        day = digest_due(local, org.weekly_digest_weekday, org.weekly_digest_hour, rules, cal)
        if day is None:
            continue
        result.ran = True
        people = people_of(org)
        week = week_label(day)
        readers = sorted(set(people.leaders) | set(people.coordinators))
        wanted = {delivery_key(Kind.WEEKLY_DIGEST, week, None, uid, day): uid for uid in readers}
        known = existing_keys(wanted)
        result.existing += len(known)
        if len(known) < len(wanted):
            digest = weekly_digest(org, day)
            new = []
            for key, uid in wanted.items():
                if key not in known:
                    person = people.persons[uid]
                    r = messages.weekly_digest(digest, person, week)
                    new.append(_message(key, org, person, Kind.WEEKLY_DIGEST, r))
            created, skipped, _ = insert(new, now=now)
            result.created += created
            result.existing += skipped
        result.add(_personal_digests(org, people, week, day, now))
    return result


def _personal_digests(org: Organisation, people: People, week: str, day: date, now: datetime) -> PassResult:
    """Each person's reminders folded by the weekly cap, in one message grouped by task.

    Per person, under the lock the send step takes to fold (see ``outbox``): the rows read
    are exactly those marked as carried, and the digest and the marks commit together. A
    crash leaves either both (sent later by the outbox) or neither (the next pass makes the
    digest again)."""
    result = PassResult("personal_digest")
    waiting = Delivery.objects.filter(organisation=org, state=Delivery.State.FOLDED, folded_into__isnull=True)
    keys = {
        delivery_key(Kind.PERSONAL_DIGEST, week, None, uid, day): uid
        for uid in waiting.order_by("recipient_id").values_list("recipient_id", flat=True).distinct()
    }
    # This week's digest already went (a later pass the same day): the rest waits for next week.
    known = existing_keys(keys)
    result.existing += len(known)
    for key, uid in keys.items():
        if key in known:
            continue
        with transaction.atomic():
            lock_person(uid)
            mine = waiting.filter(recipient_id=uid)
            count = mine.count()
            if not count:
                continue
            rows = mine.order_by("created_at", "id").values(*FOLDED_FIELDS)
            tasks = group_folded(rows.iterator(chunk_size=2000))
            person = people.persons.get(uid) or _former(uid)
            path = messages.path_or_blank("chasing:folded", week)
            r = messages.personal_digest(tasks, count, day, person, path)
            message = _message(key, org, person, Kind.PERSONAL_DIGEST, r)
            created, skipped, deliveries = insert([message], now=now)
            if deliveries:
                # Exactly the rows read: under the person's lock no reminder is folded meanwhile.
                mine.update(folded_into=deliveries[0])
        result.created += created
        result.existing += skipped
    return result


def _former(uid: int) -> Person:
    """Someone who left the department with reminders folded for them (the digest waits in the
    app; an inactive account is not e-mailed)."""
    user = get_user_model().objects.get(pk=uid)
    return Person(uid, full_name(user), (user.email or "").strip() if user.is_active else "")
