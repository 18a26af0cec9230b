"""The overview (/tong-quan/) and the public page (/cong-khai/<org>/, its embeddable
variant and its JSON feed)."""

from __future__ import annotations

from dataclasses import dataclass

from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.cache import cache_control
from django.views.decorators.clickjacking import xframe_options_exempt
from django.views.decorators.http import require_GET

from cchc.orgs.access import DEPARTMENT_WIDE, role_required
from cchc.orgs.types import MemberRequest
from cchc.overview import public
from cchc.overview.models import Publication
from cchc.overview.panels import Panel, PanelContext, registered
from cchc.tracking import cache as board_cache
from cchc.tracking import cached

overview_required = role_required(
    DEPARTMENT_WIDE,
    "Trang tổng quan dành cho Lãnh đạo Sở, Văn phòng Sở và người theo dõi; "
    "số liệu của đơn vị bạn ở trang “Việc của đơn vị”.",
)

# The public pages change only with an upload or the day's work: a proxy or the browser may
# keep them five minutes (a person signed in gets "private, no-store" from the middleware).
PUBLIC_MAX_AGE = 300


@dataclass(frozen=True)
class Section:
    panel: Panel
    html: str


def _panel_html(panel: Panel, ctx: PanelContext) -> str:
    """The panel's HTML ("" when it has nothing to show), kept under its stamp and the day."""
    key = board_cache.make_key("overview-panel", ctx.org.pk, 0, panel.key, panel.stamp(ctx), ctx.today)

    def build() -> str:
        data = panel.build(ctx)
        if data is None:
            return ""
        return render_to_string(panel.template, {"panel": panel, "today": ctx.today, **data})

    return board_cache.cached(key, build)


@require_GET
@overview_required
def overview(request: MemberRequest) -> HttpResponse:
    """The leadership's and the Office's home page: every registered panel in its order."""
    org = request.org
    ver = board_cache.request_version(request, org.pk)
    today = timezone.localdate()
    plan_ids = tuple(sorted(cached.current_plan_ids(org, ver, today)))
    ctx = PanelContext(org, request.membership, today, ver, plan_ids)
    sections = [Section(p, html) for p in registered() if (html := _panel_html(p, ctx))]
    plans = [p for p in cached.filter_options(org, ver)["plans"] if p.pk in plan_ids]
    published = Publication.objects.filter(organisation=org, enabled=True).exists()
    return render(
        request,
        "overview/overview.html",
        {
            "sections": sections,
            "plans": plans,
            "today": today,
            "public_url": reverse("overview:public", args=[org.code]) if published else "",
        },
    )


def _public_context(org_code: str) -> dict:
    page = public.public_page(public.published(org_code))
    return {"page": page, "groups": page.groups(), "org": page.organisation}


@require_GET
@cache_control(public=True, max_age=PUBLIC_MAX_AGE)
def public_page(request: HttpRequest, org_code: str) -> HttpResponse:
    """The indicators the department publishes, as a plain page anyone may open."""
    return render(request, "overview/public.html", _public_context(org_code))


@require_GET
@xframe_options_exempt
@cache_control(public=True, max_age=PUBLIC_MAX_AGE)
def public_embed(request: HttpRequest, org_code: str) -> HttpResponse:
    """The same figures, small and without the site's menu, for other sites to frame (the
    department's web portal): the only page sent without ``X-Frame-Options``."""
    context = _public_context(org_code)
    context["page_url"] = request.build_absolute_uri(reverse("overview:public", args=[org_code]))
    return render(request, "overview/public_embed.html", context)


@require_GET
@cache_control(public=True, max_age=PUBLIC_MAX_AGE)
def public_feed(request: HttpRequest, org_code: str) -> JsonResponse:
    """The figures as JSON (docs/api.md, "Public indicators"), readable from any site's script."""
    try:
        page = public.public_page(public.published(org_code))
    except Http404:
        response = JsonResponse({"error": {"code": "not_found", "message": public.NOT_PUBLISHED}}, status=404)
    else:
        url = request.build_absolute_uri(reverse("overview:public", args=[org_code]))
        response = JsonResponse(public.feed(page, url), json_dumps_params={"ensure_ascii": False})
    response["Access-Control-Allow-Origin"] = "*"
    return response
