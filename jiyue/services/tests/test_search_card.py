"""搜索即服务: a service named by its name, or by a synonym the office keeps,
answers with its guide first; its guide is found as a 办事指南 in the results."""

import pytest

from jiyue.search.models import Synonym
from jiyue.search.tests.helpers import PORTAL, search

pytestmark = pytest.mark.django_db


def _guide_cards(response):
    return [
        c
        for c in response.context["cards"]
        if c.template == "services/search_card.html"
    ]


def test_a_service_named_answers_with_its_guide_first(demo_cluster):
    response = search(PORTAL, q="生育登记")
    (card,) = _guide_cards(response)
    assert card.context["guide"].item_code == "520100-20-0001"  # the portal's own
    html = response.content.decode()
    assert "在线办理" in html and "贵阳市卫生健康局" in html
    # The card stands above the results, where the guide is a 办事指南 too.
    assert html.index('class="answer-card"') < html.index('class="result-kind"')
    kinds = {item["kind_label"] for item in response.context["items"]}
    assert "办事指南" in kinds


def test_a_colloquial_name_answers_through_the_office_synonyms(demo_cluster):
    assert _guide_cards(search(PORTAL, q="生孩子登记")) == []
    Synonym.objects.create(terms="生孩子登记，生育登记")
    (card,) = _guide_cards(search(PORTAL, q="生孩子登记"))
    assert card.context["guide"].title == "生育登记"
