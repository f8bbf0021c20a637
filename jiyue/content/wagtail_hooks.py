from django.utils.translation import gettext_lazy as _
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from .models import TopicCategory


class TopicCategoryViewSet(SnippetViewSet):
    model = TopicCategory
    icon = "tag"
    menu_label = _("主题分类")
    add_to_settings_menu = True
    list_display = ["__str__", "sort_order"]
    search_fields = ["name"]


register_snippet(TopicCategoryViewSet)
