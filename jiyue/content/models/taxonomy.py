"""主题分类: the managed subject taxonomy of policy documents."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class TopicCategory(models.Model):
    name = models.CharField(_("名称"), max_length=50)
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("上级分类"),
    )
    sort_order = models.PositiveIntegerField(_("排序"), default=0)

    class Meta:
        verbose_name = _("主题分类")
        verbose_name_plural = _("主题分类")
        ordering = ["sort_order", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["parent", "name"], name="unique_topic_name_per_parent"
            )
        ]

    def __str__(self) -> str:
        return f"{self.parent.name}\\{self.name}" if self.parent_id else self.name
