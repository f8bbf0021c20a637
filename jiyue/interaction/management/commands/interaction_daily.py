from django.core.management.base import BaseCommand

from jiyue.interaction import services


class Command(BaseCommand):
    help = "互动交流：到期提醒、超期标记和超期升级（每天运行一次）。"

    def handle(self, *args, **options):
        counts = services.messages_check_deadlines()
        self.stdout.write(
            "提醒 {remind} 件，新超期 {overdue} 件，升级督促 {escalate} 件".format(
                **counts
            )
        )
