"""The guide's completeness, shown in the editor above its fields."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import Panel


class CompletenessPanel(Panel):
    def __init__(self, **kwargs):
        kwargs.setdefault("heading", _("要素完整度"))
        super().__init__(**kwargs)

    class BoundPanel(Panel.BoundPanel):
        template_name = "services/admin/completeness_panel.html"

        def get_context_data(self, parent_context=None):
            from .completeness import completeness

            context = super().get_context_data(parent_context)
            context["result"] = completeness(self.instance)
            return context
