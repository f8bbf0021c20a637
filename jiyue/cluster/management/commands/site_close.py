import datetime as dt

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from jiyue.cluster.opening import describe, site_close, site_closure_notice


def _date(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError as error:
        raise CommandError(
            _("关停公告发布日期：“%(value)s”不是日期，应写作 2026-11-01。")
            % {"value": value}
        ) from error


class Command(BaseCommand):
    help = _(
        "关停网站：登记首页关停公告的发布日期，满一个月后归档网站（不再对外访问，页面保留）"
    )

    def add_arguments(self, parser):
        parser.add_argument("code", help=_("网站标识码"))
        parser.add_argument(
            "--notice-date", help=_("关停公告在网站首页发布的日期，如 2026-11-01")
        )

    def handle(self, *args, **options):
        try:
            if options["notice_date"]:
                profile = site_closure_notice(
                    actor=None,
                    code=options["code"],
                    notice_date=_date(options["notice_date"]),
                )
                self.stdout.write(
                    _("已登记关停公告发布日期：%(day)s")
                    % {"day": profile.closure_notice_date.isoformat()}
                )
            profile = site_close(actor=None, code=options["code"])
        except ValidationError as error:
            raise CommandError("\n".join(describe(error))) from error
        self.stdout.write(
            _("已关停网站：%(name)s（页面已保留归档，不再对外访问）")
            % {"name": profile.name}
        )
