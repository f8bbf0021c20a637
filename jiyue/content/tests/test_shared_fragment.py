"""``{% shared_fragment %}``: markup rendered once per site context (docs/decisions/0211)."""

from __future__ import annotations

import pytest
from django.template import Context, Engine, TemplateSyntaxError

ENGINE = Engine(
    libraries={"jiyue_public": "jiyue.content.templatetags.jiyue_public"},
    loaders=[
        (
            "django.template.loaders.locmem.Loader",
            {
                "parent.html": "{% load jiyue_public %}<h1>{% block title %}默认{% endblock %}</h1>"
                '{% shared_fragment "footer" %}<p>{{ name }}</p>{% end_shared_fragment %}',
                "child.html": '{% extends "parent.html" %}{% block title %}{{ title }}{% endblock %}',
            },
        )
    ],
)


def test_a_fragment_is_rendered_once_per_site_context_and_blocks_still_override():
    child = ENGINE.get_template("child.html")
    sc: dict = {}
    first = child.render(Context({"sc": sc, "name": "甲站", "title": "一"}))
    second = child.render(Context({"sc": sc, "name": "乙站", "title": "二"}))
    assert first == "<h1>一</h1><p>甲站</p>"
    # Same site context: the footer is the one rendered first; the block is the page's.
    assert second == "<h1>二</h1><p>甲站</p>"
    alone = child.render(Context({"name": "乙站", "title": "三"}))
    assert alone == "<h1>三</h1><p>乙站</p>"


def test_a_block_inside_a_fragment_is_refused():
    with pytest.raises(TemplateSyntaxError, match="shared_fragment 中不能包含"):
        ENGINE.from_string(
            '{% load jiyue_public %}{% shared_fragment "x" %}'
            "{% block a %}{% endblock %}{% end_shared_fragment %}"
        )
