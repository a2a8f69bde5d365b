"""Analytics pages: dashboard, before-and-after, exports, performance packs, the network, the search aid.
Thin: parse the filters, call a selector, render; bad input re-renders with the parameter named (422)."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect
from django.template.loader import render_to_string
from django.template.response import TemplateResponse
from django.views.decorators.http import require_POST

from misper.accounts.selectors import current_user
from misper.analytics import exports, forms, priors, selectors, services
from misper.analytics.charts import chart_svg
from misper.analytics.permissions import require_dashboards, require_network
from misper.analytics.pseudonyms import pack_people
from misper.core.errors import InvalidInput


def _charts(tables: dict[str, selectors.Table]) -> list[dict[str, Any]]:
    return [{"table": t, "svg": chart_svg(t)} for t in tables.values()]


def _invalid(request: HttpRequest, template: str, exc: InvalidInput, **context: Any) -> HttpResponse:
    context.update({"error": exc, "choices": selectors.filter_choices(), "query": request.GET})
    return TemplateResponse(request, template, context, status=422)


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    user = current_user(request)
    require_dashboards(user)
    try:
        board = selectors.dashboard_for_user(user=user, filters=forms.filters_from(request.GET))
    except InvalidInput as exc:
        return _invalid(request, "analytics/dashboard.html", exc)
    context = {
        "board": board,
        "sections": _charts(board.tables),
        "choices": selectors.filter_choices(),
        "query": request.GET,
        "export_query": urlencode(board.filters.as_query()),
    }
    return TemplateResponse(request, "analytics/dashboard.html", context)


@login_required
def export_table(request: HttpRequest, slug: str, fmt: str) -> HttpResponse:
    user = current_user(request)
    try:
        filters = forms.filters_from(request.GET)
        board = selectors.dashboard_for_user(user=user, filters=filters)
    except InvalidInput as exc:
        return HttpResponse(str(exc), status=422, content_type="text/plain")
    table = board.tables.get(slug)
    if table is None:
        return HttpResponse(f"no table {slug!r}", status=404, content_type="text/plain")
    name = f"misper-{slug}-{filters.date_from}-{filters.date_to}"
    if fmt == "csv":
        response = HttpResponse(exports.table_csv(table), content_type="text/csv; charset=utf-8")
    else:
        response = HttpResponse(
            exports.table_xlsx(table),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    response["Content-Disposition"] = f'attachment; filename="{name}.{fmt}"'
    return response


@login_required
def compare(request: HttpRequest) -> HttpResponse:
    user = current_user(request)
    require_dashboards(user)
    try:
        before, after = forms.compare_periods(request.GET)
        result = selectors.compare_for_user(user=user, before=before, after=after)
    except InvalidInput as exc:
        return _invalid(request, "analytics/compare.html", exc)
    context = {"result": result, "choices": selectors.filter_choices(), "query": request.GET}
    return TemplateResponse(request, "analytics/compare.html", context)


@login_required
def packs(request: HttpRequest) -> HttpResponse:
    require_dashboards(current_user(request))
    return TemplateResponse(request, "analytics/packs.html", {"kinds": list(forms.PACK_KINDS)})


@login_required
def pack_pdf(request: HttpRequest, kind: str) -> HttpResponse:
    from weasyprint import HTML

    user = current_user(request)
    try:
        before, after = forms.pack_periods(kind, request.GET.get("end"))
        board = selectors.dashboard_for_user(user=user, filters=after)
        result = selectors.compare_figures(before, after)
    except InvalidInput as exc:
        return HttpResponse(str(exc), status=422, content_type="text/plain")
    html = render_to_string(
        "analytics/pack.html",
        {
            "kind": kind,
            "board": board,
            "result": result,
            "sections": _charts({k: board.tables[k] for k in ("over_time", "found_within", "risk_mix")}),
            "tables": [
                board.tables[k] for k in ("reviews", "interviews", "allocation", "homes", "places_from")
            ],
            "people": pack_people(after),
        },
    )
    pdf = HTML(string=html, base_url=request.build_absolute_uri("/")).write_pdf()
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="misper-{kind}-pack-{after.date_from:%Y-%m}.pdf"'
    return response


@login_required
def network_page(request: HttpRequest) -> HttpResponse:
    user = current_user(request)
    require_network(user)
    try:
        view = selectors.network_for_user(user=user, filters=forms.filters_from(request.GET))
    except InvalidInput as exc:
        return _invalid(request, "analytics/network.html", exc)
    context = {"view": view, "form": forms.FlagClusterForm(), "query": request.GET}
    return TemplateResponse(request, "analytics/network.html", context)


@login_required
@require_POST
def network_flag(request: HttpRequest) -> HttpResponseRedirect | HttpResponse:
    user = current_user(request)
    form = forms.FlagClusterForm(request.POST)
    if not form.is_valid():
        return HttpResponse("person_ids: not a list of person ids", status=422, content_type="text/plain")
    flag = services.cluster_flag(
        actor=user, person_ids=form.cleaned_data["person_ids"], note=form.cleaned_data["note"]
    )
    messages.success(
        request,
        f"Referred to the exploitation team: task on episode {flag.task.episode_id}, due in 24 hours.",
    )
    return redirect("analytics-network")


@login_required
def search_aid(request: HttpRequest, episode_id: int) -> HttpResponse:
    category = request.GET.get("category") or None
    try:
        aid = selectors.search_aid_for_user(
            user=current_user(request), episode_id=episode_id, category=category
        )
    except InvalidInput as exc:
        return HttpResponse(str(exc), status=422, content_type="text/plain")
    context = {"aid": aid, "priors": priors.PRIORS}
    return TemplateResponse(request, "analytics/search_aid.html", context)
