"""The default element set and 办事主题, made where missing (never changed once
there: the office edits them). Used by the data migration, with its historical
models, and by the demo, which may run on a database a test has flushed."""

from __future__ import annotations

from .elements import DEFAULT_ELEMENTS
from .themes import ORGANISATION_THEMES, PERSON_THEMES


def ensure_defaults(element_model=None, theme_model=None) -> None:
    if element_model is None or theme_model is None:
        from .models import ServiceElement, ServiceTheme

        element_model, theme_model = ServiceElement, ServiceTheme
    for order, (key, name, is_key, weight, source) in enumerate(DEFAULT_ELEMENTS):
        element_model.objects.get_or_create(
            key=key,
            defaults={
                "name": name, "is_key": is_key, "weight": weight,
                "source": source, "sort_order": order,
            },
        )  # fmt: skip
    for audience, names in (
        ("person", PERSON_THEMES),
        ("organisation", ORGANISATION_THEMES),
    ):
        for order, name in enumerate(names):
            theme_model.objects.get_or_create(
                name=name, audience=audience, defaults={"sort_order": order}
            )
