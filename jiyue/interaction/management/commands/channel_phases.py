"""``jiyue channel_phases``: republish consultations, surveys and interviews whose
phase changed (opened or closed) since they were last republished."""

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from jiyue.interaction.channels.tasks import republish_phase_changes


class Command(BaseCommand):
    help = _("重新发布阶段已变化（开始或结束）的意见征集、网上调查和在线访谈页面。")

    def handle(self, *args, **options):
        count = republish_phase_changes()
        self.stdout.write(_("已安排重新发布 %(n)d 个页面。") % {"n": count})
