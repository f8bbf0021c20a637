"""Who may see and start publishing of a site (静态发布, 全量发布).

``jiyue.cluster.tenancy``'s answer for ``Capability.PUBLISH``: superusers and the
platform office, the site's 网站管理员 and 编辑, and a group given a page permission
(add, change, publish) on the site's root page or above by hand. A permission on
one column only does not make someone the site's manager
(docs/decisions/0107-one-answer-to-who-works-on-a-site.md).
"""

from __future__ import annotations

from wagtail.models import Site

from jiyue.cluster.tenancy import Capability, can


def can_manage_site_publishing(user, site: Site) -> bool:
    return can(user, Capability.PUBLISH, site)
