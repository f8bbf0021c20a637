"""``{{ user|person }}``: a member of staff by name (jiyue/interaction/people.py)."""

from __future__ import annotations

from django import template

from jiyue.interaction.people import person_name

register = template.Library()


@register.filter
def person(user) -> str:
    return person_name(user)
