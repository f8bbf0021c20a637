"""The demo's interaction data, and the statistics the yearly report reads."""

from __future__ import annotations

import pytest

from jiyue.interaction import selectors, services
from jiyue.interaction.demo import DEMO_QUERY_CODE, load_demo_interaction
from jiyue.interaction.models import Mailbox, Message, Status

from .conftest import at

pytestmark = pytest.mark.django_db


def test_demo_has_mailboxes_on_every_site_and_messages_in_several_states(www):
    assert Mailbox.objects.filter(site=www).count() == 5
    states = set(
        Message.objects.filter(tracking_no__startswith="2026000000").values_list(
            "status", flat=True
        )
    )
    assert {
        Status.PENDING,
        Status.PROCESSING,
        Status.PUBLISHED,
        Status.REFUSED,
    } <= states
    assert Message.objects.filter(
        overdue=True, tracking_no__startswith="2026000000"
    ).exists()
    assert load_demo_interaction() == 0  # idempotent


def test_demo_message_can_be_queried(public):
    response = public.post(
        "/hudong/chaxun/",
        {"tracking_no": "2026000000000003", "query_code": DEMO_QUERY_CODE},
    )
    assert (
        response.status_code == 200 and "老旧小区加装电梯" in response.content.decode()
    )
    listing = public.get("/hudong/huifu/").content.decode()
    assert "老旧小区加装电梯" in listing and "张伟" not in listing


def test_statistics_per_site_and_unit(leader_box, unit, office_www):
    start = at(2030, 1, 1)
    for i in range(3):
        message = services.message_submit(
            mailbox=leader_box, subject=f"统计{i}", content="x", now=at(2030, 3, 4, 9),
            consent_publish=True,
        ).message  # fmt: skip
        message = services.message_accept(
            message=message, actor=None, now=at(2030, 3, 4, 9)
        )
        if i < 2:
            message = services.message_forward(message=message, actor=None, unit=unit)
            message = services.message_reply(
                message=message, actor=None, reply="答复", now=at(2030, 3, 6 + i, 9)
            )
            services.message_rate(
                message=message, rating=["satisfied", "dissatisfied"][i]
            )
    services.messages_check_deadlines(now=at(2030, 4, 1))
    stats = selectors.interaction_statistics(start=start, end=at(2031, 1, 1))
    site = stats["sites"]["贵阳市人民政府"]
    assert (site["received"], site["finished"], site["overdue"]) == (3, 2, 1)
    assert site["average_workdays"] == 2.5  # 2 and 3 working days
    assert site["satisfaction"] == 0.5
    assert stats["units"][str(unit)]["received"] == 2
