"""The form of every page type in the editor (``PlacedPage.base_form_class``)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.models import Page


class ShortAddressPageForm(WagtailAdminPageForm):
    """A new page's 缩略名 may be left empty, and one with Chinese in it (what
    Wagtail's editor fills from the title) is replaced: the page gets the short
    address of its title's pinyin initials (``pinyin_slug``; ADR 0421), unique
    among its siblings. The editor fills a title and need not find the 推荐 tab;
    an ASCII address he types is kept; an existing page's address is his to
    change, as Wagtail has it."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        slug = self.fields.get("slug")
        if slug is not None and self.instance.pk is None:
            slug.required = False
            slug.help_text = _(
                "页面地址中的名称；留空则按标题拼音首字母生成简短地址（如 tzgg）。"
            )

    def clean(self):
        cleaned = super().clean()
        slug = cleaned.get("slug") or ""
        title = cleaned.get("title") or ""
        if self.instance.pk is None and title and not (slug and slug.isascii()):
            cleaned["slug"] = self._short_address(title)
            self.errors.pop("slug", None)
        return cleaned

    def _short_address(self, title: str) -> str:
        from ..models.placement import pinyin_slug

        base = pinyin_slug(title)
        candidate, number = base, 1
        while not Page._slug_is_available(candidate, self.parent_page, self.instance):
            number += 1
            candidate = f"{base}-{number}"
        return candidate
