"""``jiyue nginx_conf``: prints the production nginx configuration."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from jiyue.publishing.nginx import TLS, nginx_conf


class Command(BaseCommand):
    help = _(
        "输出 nginx 配置：每个站点一个 server，根目录为其发布目录；动态路径转发到前台应用；后台不对外。"
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--listen", help=_("监听地址或端口（默认 80；使用 --tls 时默认 443）")
        )
        parser.add_argument(
            "--upstream",
            help=_("前台应用地址，如 127.0.0.1:8000；多个前台进程用逗号分隔"),
        )
        parser.add_argument(
            "--full",
            metavar="PREFIX",
            help=_("输出完整的 nginx.conf（pid、日志和临时目录放在 PREFIX 下）"),
        )
        parser.add_argument(
            "--tls",
            action="store_true",
            help=_("输出 HTTPS 配置（含 HSTS），HTTP 请求跳转到 HTTPS"),
        )
        parser.add_argument("--cert", help=_("TLS 证书文件（PEM，含证书链）"))
        parser.add_argument("--key", help=_("TLS 私钥文件（PEM）"))
        parser.add_argument(
            "--http-listen",
            default="80",
            help=_("使用 --tls 时，跳转到 HTTPS 的 HTTP 监听地址或端口（默认 80）"),
        )

    def handle(self, *args, **options):
        tls = self._tls(options)
        listen = options["listen"] or ("443" if tls else "80")
        self.stdout.write(
            nginx_conf(
                listen=listen,
                upstream=options["upstream"],
                full_prefix=options["full"],
                tls=tls,
            )
        )

    def _tls(self, options) -> TLS | None:
        if not options["tls"]:
            if options["cert"] or options["key"]:
                raise CommandError(_("--cert 和 --key 只能与 --tls 一起使用。"))
            return None
        if not (options["cert"] and options["key"]):
            raise CommandError(_("--tls 需要 --cert 和 --key。"))
        return TLS(
            certificate=options["cert"],
            key=options["key"],
            http_listen=options["http_listen"],
        )
