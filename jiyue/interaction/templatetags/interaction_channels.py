"""Template helpers of the channel pages (consultations, surveys, interviews)."""

from __future__ import annotations

from django import template
from django.utils.safestring import mark_safe

from jiyue.interaction.channels import selectors

register = template.Library()


@register.simple_tag
def survey_results(page):
    """Results per question, or None while staff have not published them."""
    if not selectors.results_public(page):
        return None
    return selectors.survey_results(page)


@register.simple_tag
def svg_chart(result):
    # The SVG is built from numbers and escaped texts only (channels/charts.py;
    # docs/decisions/0306-server-rendered-charts.md).
    return mark_safe(result.chart)  # noqa: S308


@register.simple_tag(takes_context=True)
def live_channels(context):
    from jiyue.interaction.selectors import site_for_request

    site = site_for_request(context["request"])
    return selectors.live_channels(site=site) if site else {}


@register.filter
def percent(value: float) -> str:
    return f"{value * 100:.1f}%"
