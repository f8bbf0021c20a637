"""``jiyue nginx_conf``: prints the production nginx configuration."""

from __future__ import annotations

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from jiyue.publishing.nginx import nginx_conf


class Command(BaseCommand):
    help = _(
        "输出 nginx 配置：每个站点一个 server，根目录为其发布目录；动态路径转发到前台应用；后台不对外。"
    )

    def add_arguments(self, parser):
        parser.add_argument("--listen", default="80", help=_("监听地址或端口"))
        parser.add_argument("--upstream", help=_("前台应用地址，如 127.0.0.1:8000"))
        parser.add_argument(
            "--full",
            metavar="PREFIX",
            help=_("输出完整的 nginx.conf（pid、日志和临时目录放在 PREFIX 下）"),
        )

    def handle(self, *args, **options):
        self.stdout.write(
            nginx_conf(
                listen=options["listen"],
                upstream=options["upstream"],
                full_prefix=options["full"],
            )
        )
