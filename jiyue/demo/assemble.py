"""The order in which the apps' demo functions build the demo cluster.

Each step is an app's own: content's sites and pages from the corpus, editorial's
review chains and role groups, interaction's mailboxes, units, messages and
channels, assessment's spot check, accounts' and interaction's demo people.
Loading again changes nothing.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from django.utils import timezone

from jiyue.accounts.demo import demo_device, demo_staff
from jiyue.assessment.defaults import ensure_default_rules
from jiyue.assessment.demo import load_demo_spot_check, load_demo_work_reports
from jiyue.assessment.models import Indicator, RuleSet
from jiyue.content.demo.loader import DemoLoader
from jiyue.disclosure.demo import load_demo_disclosure_section, load_demo_requests
from jiyue.editorial.workflows import cluster_workflows_setup
from jiyue.interaction.demo import demo_interaction_staff, load_demo_interaction
from jiyue.linkage.demo import demo_linkage_people, load_demo_linkage
from jiyue.services.demo import load_demo_services

DEMO_USER = "admin"
DEMO_PASSWORD = "jiyue-demo-2026"  # noqa: S105 (the demo's published login)


def load_demo_cluster(corpus_dir: Path, *, now: datetime | None = None) -> int:
    """Loads the demo cluster; returns how many pages were created."""
    now = now or timezone.now()
    created = DemoLoader(corpus_dir, now=now).run()
    cluster_workflows_setup()  # review chain and role groups of every site
    load_demo_interaction(now=now)  # mailboxes, units, demo messages, channels
    # Again: the interaction demo adds columns (互动交流), which need their chain.
    cluster_workflows_setup()
    load_demo_requests(now=now)  # 依申请公开: received, stopped, answered
    ensure_default_rules(RuleSet, Indicator)  # 考核指标 (a flushed database)
    load_demo_services()  # 办事服务: each site's guides, one incomplete, one dead
    load_demo_disclosure_section(now=now)  # 政府信息公开 专栏, 目录 and 年报
    cluster_workflows_setup()  # the new columns' review chains
    load_demo_linkage(now=now)  # 推送转载, 报送, 重大政策解读
    load_demo_spot_check(now=now)  # 巡查抽检: last quarter's, waiting for review
    load_demo_work_reports(now=now)  # 政府网站工作年度报表: 专栏 and last year's
    return created


def ensure_demo_staff(password: str = DEMO_PASSWORD) -> list[tuple[str, str, str]]:
    """The demo superuser and every demo role's person, with the demo TOTP device;
    (username, name, role) of each role's person."""
    from django.contrib.auth import get_user_model

    users = get_user_model().objects
    if not users.filter(username=DEMO_USER).exists():
        users.create_superuser(DEMO_USER, "admin@example.invalid", password)
    demo_device(users.get(username=DEMO_USER))
    people = [(p.username, p.name, role) for p, role in demo_staff(password)]
    people += list(demo_interaction_staff(password))
    return people + demo_linkage_people(password)
