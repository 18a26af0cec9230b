"""The plans' dossier targets measured by the latest analysis (``TargetMeasure`` rows).

Each target the rule table (``target_rules``) maps to an indicator is measured over its
plan's period (the months of ``period_start``..``period_end``), department-wide: the plans set
these targets for the department as a whole, whichever unit leads the task. Written after
every analysis so that pages only read them.
"""

from __future__ import annotations

from decimal import Decimal

from cchc.core.status import Attainment, attainment
from cchc.dossiers import selectors
from cchc.dossiers.models import DossierAnalysis, DossierBreach, TargetMeasure
from cchc.dossiers.target_rules import indicator_for, measured_value
from cchc.orgs.models import Organisation
from cchc.plans.models import Target

_DOSSIER_METRICS = (
    "dossier_on_time_rate",
    "late_dossier_share",
    "late_dossiers",
    "online_full_share",
    "online_share",
    "paid_online_share",
    "postal_share",
    "digitized_share",
    "online_intake_hours",
)


def indicator_value(org: Organisation, indicator: str, month_from: str, month_to: str) -> tuple:
    """(value, numerator, denominator) of one indicator over the months, department-wide;
    value None when nothing was there to measure."""
    qs = selectors.visible_dossiers(org)
    f = selectors.Filters(month_from=month_from, month_to=month_to)
    if indicator == "acceptance_breaches":
        received = selectors.totals(qs, f)["online"]
        breaches = selectors.filter_dossiers(qs, f).filter(
            pk__in=DossierBreach.objects.filter(organisation=org, rule="acceptance_8h").values("dossier_id")
        )
        count = breaches.count()
        return (count if received else None), count, received
    t = selectors.totals(qs, f)
    if indicator == "late_count":
        return (t["late"] if t["finished"] else None), t["late"], t["finished"]
    if indicator == "late_share":
        return selectors.ratio(t["late"], t["finished"]), t["late"], t["finished"]
    num, den = selectors.SHARES[indicator]
    return t[indicator], t[num], t[den]


def refresh(org: Organisation, analysis: DossierAnalysis) -> int:
    """Re-measure every dossier target of the department's plans; returns how many."""
    targets = Target.objects.filter(
        plan__organisation=org, kind=Target.Kind.TARGET, metric__in=_DOSSIER_METRICS
    ).select_related("plan")
    kept = []
    for target in targets:
        mapping = indicator_for(target.metric, target.unit, target.text, target.kind)
        if mapping is None:
            continue
        plan = target.plan
        month_from, month_to = f"{plan.period_start:%Y-%m}", f"{plan.period_end:%Y-%m}"
        value, num, den = indicator_value(org, mapping.indicator, month_from, month_to)
        measured = measured_value(mapping, value)
        if mapping.indicator == "acceptance_breaches":  # met when no dossier broke the 8 hours
            verdict = Attainment.NO_DATA if measured is None else attainment("=", 0, measured)
        else:
            verdict = attainment(target.op, target.value, measured)
        measure, _ = TargetMeasure.objects.update_or_create(
            target=target,
            defaults={
                "organisation": org,
                "analysis": analysis,
                "indicator": mapping.indicator,
                "measured": None if measured is None else Decimal(str(measured)),
                "attainment": verdict.value,
                "period_start": plan.period_start,
                "period_end": plan.period_end,
                "numerator": num,
                "denominator": den,
            },
        )
        kept.append(measure.pk)
    TargetMeasure.objects.filter(organisation=org).exclude(pk__in=kept).delete()
    return len(kept)


def measures_for(org: Organisation) -> list[TargetMeasure]:
    """The measured dossier targets of the department, plan by plan."""
    return list(
        TargetMeasure.objects.filter(organisation=org)
        .select_related("target", "target__plan", "target__task")
        .order_by("-target__plan__period_start", "target__plan_id", "target__task__order", "target_id")
    )
