from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from jiyue.demo import ensure_demo_staff, load_demo_cluster
from jiyue.demo.assemble import DEMO_USER


class Command(BaseCommand):
    help = _("载入演示站群（可重复运行：已有的内容不会重复创建）")

    def add_arguments(self, parser):
        parser.add_argument(
            "--corpus", default=str(settings.JIYUE_CORPUS_DIR), help=_("语料目录")
        )
        parser.add_argument(
            "--with-admin", action="store_true", help=_("同时创建演示管理员账号")
        )

    def handle(self, *args, **options):
        corpus = Path(options["corpus"])
        if not corpus.is_dir() or not any(corpus.glob("*.md")):
            raise CommandError(
                _("找不到语料目录或其中没有 .md 文件：%(path)s") % {"path": corpus}
            )
        created = load_demo_cluster(corpus)
        self.stdout.write(_("演示站群已载入，本次新建 %(n)d 个页面。") % {"n": created})
        if options["with_admin"]:
            self.stdout.write(_("演示管理员：%(user)s") % {"user": DEMO_USER})
            for username, name, role in ensure_demo_staff():
                self.stdout.write(
                    _("演示角色账号：%(user)s（%(name)s，%(role)s）")
                    % {"user": username, "name": name, "role": role}
                )
