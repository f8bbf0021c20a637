"""The admin's 设置 menu, with the platform's name in its footer.

Wagtail writes 「Wagtail v7.4.4」 under the settings menu, an English line on every
admin page that names a library instead of the platform the office runs
(docs/decisions/0419-admin-in-chinese.md).
"""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version

from django.conf import settings
from wagtail.admin.menu import SubmenuMenuItem
from wagtail.admin.ui.sidebar import SubMenuItem as SubMenuItemComponent


def platform_footer() -> str:
    try:
        release = version("jiyue")
    except PackageNotFoundError:  # run from a checkout that was never installed
        return settings.JIYUE_PLATFORM_NAME
    return f"{settings.JIYUE_PLATFORM_NAME} {release}"


class PlatformSettingsMenuItem(SubmenuMenuItem):
    @classmethod
    def replacing(cls, item: SubmenuMenuItem) -> PlatformSettingsMenuItem:
        return cls(
            item.label,
            item.menu,
            name=item.name,
            icon_name=item.icon_name,
            classname=item.classname,
            order=item.order,
        )

    def render_component(self, request):
        return SubMenuItemComponent(
            self.name,
            self.label,
            self.menu.render_component(request),
            icon_name=self.icon_name,
            classname=self.classname,
            footer_text=platform_footer(),
        )
