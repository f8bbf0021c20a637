"""Home page and columns (栏目)."""

from __future__ import annotations

from django.core.paginator import EmptyPage, Paginator
from django.db import models
from django.http import Http404
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField
from wagtail.models import Page

from ..column_kinds import DEFAULT_UPDATE_DAYS, ColumnKind
from .base import prefetched
from .placement import PlacedPage

HOME_SECTION_KINDS = (
    ColumnKind.NEWS,
    ColumnKind.NOTICE,
    ColumnKind.POLICY,
    ColumnKind.INTERPRETATION,
)


def live_items(parent: Page):
    """Live items under ``parent``, newest first (columns themselves excluded)."""
    return (
        Page.objects.live()
        .public()
        .descendant_of(parent)
        .not_type(ColumnPage)
        .order_by("-first_published_at", "-pk")
        .specific()
    )


#: Apps above content name pages shown prominently on a site's home page.
HOME_NOTICES_HOOK = "jiyue_home_notices"


class HomePage(PlacedPage):
    intro = models.CharField(_("首页导语"), max_length=200, blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    subpage_types = [
        "content.ColumnPage",
        "content.TopicPage",
        "services.ServiceIndexPage",
        "assessment.WorkReportPage",
        "assessment.WorkReportIndexPage",
    ]
    parent_page_types = ["wagtailcore.Page"]

    class Meta:
        verbose_name = _("首页")
        verbose_name_plural = _("首页")

    def sections(self) -> list[dict]:
        columns = (
            ColumnPage.objects.child_of(self).live().filter(kind__in=HOME_SECTION_KINDS)
        )
        return [
            {"column": column, "items": list(live_items(column)[:6])}
            for column in columns
        ]

    def notices(self) -> list[Page]:
        """Pages apps above content put prominently on the home page (the yearly
        work report: ``jiyue_home_notices``, ``(home) -> pages``)."""
        from wagtail import hooks

        found: list[Page] = []
        for notices_of in hooks.get_hooks(HOME_NOTICES_HOOK):
            found += notices_of(self)
        return found

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["sections"] = self.sections()
        context["notices"] = self.notices()
        context["leaders_column"] = (
            ColumnPage.objects.child_of(self)
            .live()
            .filter(kind=ColumnKind.LEADERS)
            .first()
        )
        return context


class ColumnPage(RoutablePageMixin, PlacedPage):
    kind = models.CharField(_("栏目类型"), max_length=20, choices=ColumnKind.choices)
    update_days = models.PositiveIntegerField(
        _("更新要求（天）"),
        null=True,
        blank=True,
        help_text=_(
            "栏目至少每隔多少天须有新内容；留空则按栏目类型取默认值（要闻14天，通知公告和政策文件180天）。"
        ),
    )
    intro = RichTextField(_("栏目说明"), blank=True, features=["bold", "link"])
    per_page = models.PositiveSmallIntegerField(_("每页条数"), default=20)

    content_panels = [
        *Page.content_panels,
        FieldPanel("kind"),
        FieldPanel("update_days"),
        FieldPanel("intro"),
        FieldPanel("per_page"),
    ]
    parent_page_types = ["content.HomePage", "content.ColumnPage", "content.TopicPage"]
    subpage_types = [
        "content.ColumnPage",
        "content.ArticlePage",
        "content.PolicyDocumentPage",
        "content.InterpretationPage",
        "content.OrganisationPage",
        "content.LeaderPage",
        "content.TopicPage",
        "interaction.ConsultationPage",
        "interaction.SurveyPage",
        "interaction.InterviewPage",
        "disclosure.DisclosureCatalogPage",
        "disclosure.AnnualDisclosureReportPage",
        "linkage.ReferencePage",
        "linkage.EnglishPage",
        "assessment.SpotCheckResultPage",
    ]

    class Meta:
        verbose_name = _("栏目")
        verbose_name_plural = _("栏目")

    def save(self, *args, **kwargs):
        if self.update_days is None and self.kind:
            self.update_days = DEFAULT_UPDATE_DAYS[ColumnKind(self.kind)]
        return super().save(*args, **kwargs)

    @property
    def effective_update_days(self) -> int:
        return self.update_days or DEFAULT_UPDATE_DAYS[ColumnKind(self.kind)]

    def subcolumns(self):
        return prefetched(
            self, "subcolumns", lambda: ColumnPage.objects.child_of(self).live()
        )

    def paginator(self) -> Paginator:
        items = prefetched(self, "live_items", lambda: live_items(self))
        return Paginator(items, max(self.per_page, 1), allow_empty_first_page=True)

    @path("")
    def first_list_page(self, request):
        return self.render_list(request, 1)

    @path("page/<int:number>/", name="list_page")
    def numbered_list_page(self, request, number):
        if number <= 1:
            raise Http404
        return self.render_list(request, number)

    def render_list(self, request, number: int):
        try:
            page_obj = self.paginator().page(number)
        except EmptyPage as error:
            raise Http404 from error
        return self.render(
            request,
            context_overrides={"page_obj": page_obj, "subcolumns": self.subcolumns()},
        )
