from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from jiyue.cluster.column_templates import ColumnTemplate
from jiyue.cluster.models import SiteKind, SiteLevel
from jiyue.cluster.opening import describe, site_open


class Command(BaseCommand):
    help = _(
        "开办网站：一步建好站点、站点档案、首页、栏目、审核流程、角色组、信箱和承办单位，并发布"
    )

    def add_arguments(self, parser):
        parser.add_argument("--code", required=True, help=_("网站标识码（10位数字）"))
        parser.add_argument("--name", required=True, help=_("网站名称"))
        parser.add_argument("--sponsor", required=True, help=_("主办单位"))
        parser.add_argument(
            "--kind", required=True, choices=SiteKind.values, help=_("网站类型")
        )
        parser.add_argument(
            "--level", required=True, choices=SiteLevel.values, help=_("行政层级")
        )
        parser.add_argument("--host", required=True, help=_("主机名（域名）"))
        parser.add_argument("--port", type=int, help=_("端口（默认为前台端口）"))
        parser.add_argument("--parent", default="", help=_("上级站点的网站标识码"))
        parser.add_argument(
            "--template",
            default="",
            choices=["", *ColumnTemplate.values],
            help=_("栏目模板（默认按网站类型和层级选择）"),
        )
        parser.add_argument(
            "--unit", action="append", default=[], help=_("承办单位，可重复")
        )
        parser.add_argument("--operator", default="", help=_("网站运维单位"))
        parser.add_argument("--contact", default="", help=_("联系方式"))
        parser.add_argument("--org-code", default="", help=_("机构代码"))
        parser.add_argument(
            "--no-publish", action="store_true", help=_("只建站，不立即发布")
        )

    def handle(self, *args, **options):
        try:
            site = site_open(
                actor=None,
                code=options["code"],
                name=options["name"],
                sponsor=options["sponsor"],
                kind=options["kind"],
                level=options["level"],
                hostname=options["host"],
                port=options["port"],
                parent_code=options["parent"],
                template=options["template"],
                units=options["unit"],
                operator=options["operator"],
                contact=options["contact"],
                org_code=options["org_code"],
                publish="no" if options["no_publish"] else "now",
            )
        except ValidationError as error:
            raise CommandError(
                _("未开办网站，未做任何改动：") + "\n" + "\n".join(describe(error))
            ) from error
        self.stdout.write(
            _("已开办网站：%(name)s %(url)s")
            % {"name": site.site_name, "url": site.root_url}
        )
