from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from . import document_serving
from .models import TopicCategory


class TopicCategoryViewSet(SnippetViewSet):
    model = TopicCategory
    icon = "tag"
    menu_label = _("主题分类")
    add_to_settings_menu = True
    list_display = ["__str__", "sort_order"]
    search_fields = ["name"]


register_snippet(TopicCategoryViewSet)


# Before Wagtail's collection privacy: a document of a draft is simply not there.
hooks.register(
    "before_serve_document", document_serving.refuse_unpublished_document, order=-10
)
