from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from jiyue.content.demo.loader import DemoLoader


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
        created = DemoLoader(corpus).run()
        self.stdout.write(_("演示站群已载入，本次新建 %(n)d 个页面。") % {"n": created})
        if options["with_admin"]:
            self.ensure_admin()

    def ensure_admin(self):
        from django.contrib.auth import get_user_model

        from .serve_demo import DEMO_PASSWORD, DEMO_USER

        user_model = get_user_model()
        if not user_model.objects.filter(username=DEMO_USER).exists():
            user_model.objects.create_superuser(
                DEMO_USER, "admin@example.invalid", DEMO_PASSWORD
            )
            self.stdout.write(_("已创建演示管理员 %(user)s。") % {"user": DEMO_USER})
        from jiyue.accounts.demo import demo_device, demo_staff

        demo_device(user_model.objects.get(username=DEMO_USER))
        for person, role in demo_staff(DEMO_PASSWORD):  # the review chain's people
            self.stdout.write(
                _("演示角色账号：%(user)s（%(name)s，%(role)s）")
                % {"user": person.username, "name": person.name, "role": role}
            )
        from jiyue.interaction.demo import demo_interaction_staff

        for username, name, role in demo_interaction_staff(DEMO_PASSWORD):
            self.stdout.write(
                _("演示角色账号：%(user)s（%(name)s，%(role)s）")
                % {"user": username, "name": name, "role": role}
            )
