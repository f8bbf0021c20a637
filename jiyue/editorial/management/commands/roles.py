"""jiyue roles grant|revoke USER ROLE [--site CODE] [--column PATH] | list [--site CODE]"""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from wagtail.models import Page

from jiyue.cluster.models import SiteProfile, SiteRole
from jiyue.cluster.roles import Role
from jiyue.editorial.services import role_grant, role_revoke


class Command(BaseCommand):
    help = _("授予、撤销或列出站点角色（操作记入审计日志）")

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["grant", "revoke", "list"])
        parser.add_argument("username", nargs="?")
        parser.add_argument("role", nargs="?", choices=[r.value for r in Role])
        parser.add_argument("--site", help=_("网站标识码"))
        parser.add_argument("--column", help=_("栏目路径，如 /www/yaowen/（信息员）"))

    def handle(self, *args, action, username, role, site, column, **options):
        site_obj = self._site(site)
        if action == "list":
            return self._list(site_obj)
        if not (username and role):
            raise CommandError(_("请给出用户名和角色。"))
        user = get_user_model().objects.filter(username=username).first()
        if user is None:
            raise CommandError(_("没有用户 %(u)s。") % {"u": username})
        column_page = Page.objects.filter(url_path=column).first() if column else None
        service = role_grant if action == "grant" else role_revoke
        try:
            service(actor=None, user=user, site=site_obj, role=role, column=column_page)
        except ValidationError as error:
            raise CommandError("；".join(error.messages)) from error
        self.stdout.write(_("完成。"))
        return None

    @staticmethod
    def _site(code):
        if not code:
            return None
        profile = SiteProfile.objects.filter(code=code).select_related("site").first()
        if profile is None:
            raise CommandError(_("没有网站标识码为 %(c)s 的站点。") % {"c": code})
        return profile.site

    def _list(self, site) -> None:
        roles = SiteRole.objects.select_related("group").order_by("group__name")
        if site is not None:
            roles = roles.filter(site=site)
        for site_role in roles:
            members = ", ".join(
                u.get_username() for u in site_role.group.user_set.all()
            )
            self.stdout.write(
                f"{site_role.group.name}\t{site_role.get_role_display()}\t{members}"
            )
