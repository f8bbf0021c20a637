"""The 待办 panel on the dashboard: what waits for this person, most pressing first.

Each app contributes its own rows through the ``jiyue_todo_items`` hook: a
function ``(request) -> list[TodoItem]``; the editorial chain
(``jiyue.editorial.dashboard``) and the reply chain
(``jiyue.interaction.dashboard``) do. See docs/decisions/0422.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.utils import timezone
from wagtail import hooks
from wagtail.admin.ui.components import Component

TODO_HOOK = "jiyue_todo_items"
MAX_ROWS = 50


@dataclass(frozen=True)
class TodoItem:
    """One row: what to do (``task``), on what (``title``), where (``url``)."""

    title: str
    task: str
    url: str
    deadline: dt.date | None = None
    note: str = ""
    since: dt.datetime | None = None
    #: needs this person's action now (a returned draft, a waiting step), as
    #: opposed to a line that only says where his work stands
    actionable: bool = True

    @property
    def overdue(self) -> bool:
        return self.deadline is not None and self.deadline < timezone.localdate()

    @property
    def sort_key(self) -> tuple:
        """Actionable first; then by deadline, nearest (and overdue) first;
        undated ones after, the longest waiting first."""
        return (
            not self.actionable,
            self.deadline is None,
            self.deadline or dt.date.max,
            self.since or timezone.now(),
        )


def todo_items(request) -> list[TodoItem]:
    items: list[TodoItem] = []
    for source in hooks.get_hooks(TODO_HOOK):
        items.extend(source(request))
    return sorted(items, key=lambda item: item.sort_key)[:MAX_ROWS]


class TodoPanel(Component):
    name = "jiyue_todo"
    template_name = "accounts/home/todo_panel.html"
    order = 50  # above Wagtail's own panels

    def __init__(self, items: list[TodoItem]):
        self.items = items

    def get_context_data(self, parent_context):
        context = super().get_context_data(parent_context)
        context["items"] = self.items
        context["overdue"] = sum(1 for item in self.items if item.overdue)
        return context
