"""Whatever is typed or put in the address, the search answers 200 with a
Chinese message or ordinary results, and never echoes markup unescaped."""

import pytest
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from selectolax.lexbor import LexborHTMLParser

from jiyue.search import indexing

from .helpers import PORTAL

pytestmark = pytest.mark.django_db

FRAGMENTS = [
    "AND", "OR", "NOT", "title:", "*", "~2", "^3", '"', "“", "「", "(", ")", "[", "]",
    "{", "}", "\\", "/", "'; DROP TABLE search_querylog; --", "' OR '1'='1",
    "<script>alert(1)</script>", "<img src=x onerror=alert(1)>", "&lt;b&gt;",
    "{{ settings.SECRET_KEY }}", "{% debug %}", "%00", "\x00", "\x1b[31m", "\u202e",
    "锟斤拷", "鏀垮簻缃戠珯", "æ”¿åºœ", "政府", "网站", "国办发〔2014〕57号",
    "国办发[2014]57号", "000014349/2014-00057", "sb", "shebao", "　", "\ufeff",
]  # fmt: skip


@pytest.fixture(scope="module")
def client():
    return Client()


def check(response) -> None:
    """200, and the page as a browser parses it has no element or attribute
    that came from the query: no inline script, no event handler, no image."""
    assert response.status_code == 200
    tree = LexborHTMLParser(response.content.decode())
    assert all(node.attributes.get("src") for node in tree.css("script"))
    assert not tree.css("main img, main iframe, main object")
    for node in tree.css("*"):
        assert not any(name.lower().startswith("on") for name in node.attributes)


@settings(max_examples=120, deadline=None, suppress_health_check=list(HealthCheck))
@given(st.lists(st.sampled_from(FRAGMENTS), max_size=8), st.text(max_size=40))
def test_queries_from_fragments_and_noise(demo_cluster, client, parts, noise):
    indexing.ensure_index()
    check(client.get("/search/", {"q": " ".join(parts) + noise}, HTTP_HOST=PORTAL))


@settings(max_examples=80, deadline=None, suppress_health_check=list(HealthCheck))
@given(
    st.dictionaries(
        st.sampled_from(
            [
                "q",
                "scope",
                "sort",
                "page",
                "site",
                "kind",
                "topic",
                "issuer",
                "year",
                "validity",
                "x",
            ]
        ),
        st.one_of(
            st.sampled_from(FRAGMENTS),
            st.text(max_size=30),
            st.integers(-10, 10**9).map(str),
        ),
        max_size=6,
    )
)
def test_any_parameters(demo_cluster, client, params):
    indexing.ensure_index()
    check(client.get("/search/", params, HTTP_HOST=PORTAL))


def test_very_long_and_binary_queries(demo_cluster, client):
    for q in ("网" * 5000, "\x00" * 100, "a" * 101, "😀" * 30):
        check(client.get("/search/", {"q": q}, HTTP_HOST=PORTAL))
    check(client.get("/search/?q=%FF%FE%00%C0", HTTP_HOST=PORTAL))
