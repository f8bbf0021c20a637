"""The office's changes to the search's vocabulary (推荐结果, 同义词, 搜索词库).

Each change is logged (``jiyue.search.<verb>``) and sets a new lexicon version in
the shared cache, so that every process, the public ones included, reads the
vocabulary anew at its next query (``lexicon.current``): no restart. Saves and
deletes of single rows also do it through the signal handlers; bulk writes here
do it themselves.
"""

from __future__ import annotations

from django.db import transaction
from wagtail.log_actions import log

from . import lexicon
from .models import SearchWord

BET_SAVE = "jiyue.search.bet_save"
BET_DELETE = "jiyue.search.bet_delete"
SYNONYM_SAVE = "jiyue.search.synonym_save"
SYNONYM_DELETE = "jiyue.search.synonym_delete"
WORD_ADD = "jiyue.search.word_add"
WORD_DELETE = "jiyue.search.word_delete"


def _changed() -> None:
    lexicon.invalidate()
    transaction.on_commit(lexicon.invalidate)


def _bet_data(bet) -> dict:
    return {
        "query": bet.query,
        "site": bet.site_id,
        "page": bet.page_id,
        "url": bet.url,
        "title": bet.title,
        "active": bet.is_active,
    }


def _synonym_data(synonym) -> dict:
    return {
        "terms": synonym.terms,
        "site": synonym.site_id,
        "active": synonym.is_active,
    }


@transaction.atomic
def save_formset(formset, *, user, site, kind: str) -> tuple[int, int]:
    """Saves a formset of best bets (``kind="bet"``) or synonyms of ``site``
    (None: the whole cluster): (saved, deleted)."""
    save_action, delete_action, data = {
        "bet": (BET_SAVE, BET_DELETE, _bet_data),
        "synonym": (SYNONYM_SAVE, SYNONYM_DELETE, _synonym_data),
    }[kind]
    saved = formset.save(commit=False)
    for obj in saved:
        obj.site = site
        obj.save()
        log(instance=obj, action=save_action, user=user, data=data(obj))
    for obj in formset.deleted_objects:
        log(instance=obj, action=delete_action, user=user, data=data(obj))
        obj.delete()
    _changed()
    return len(saved), len(formset.deleted_objects)


@transaction.atomic
def words_add(words: list[str], kind: str, *, user) -> tuple[list[str], list[str]]:
    """Adds ``words`` to the word list: (added, already there)."""
    existing = set(
        SearchWord.objects.filter(word__in=words).values_list("word", flat=True)
    )
    added = [w for w in dict.fromkeys(words) if w not in existing]
    for word in added:
        row = SearchWord.objects.create(word=word, kind=kind)
        log(instance=row, action=WORD_ADD, user=user, data={"word": word, "kind": kind})
    _changed()
    return added, sorted(existing)


@transaction.atomic
def words_delete(ids: list[int], *, user) -> int:
    rows = list(SearchWord.objects.filter(pk__in=ids))
    for row in rows:
        log(
            instance=row,
            action=WORD_DELETE,
            user=user,
            data={"word": row.word, "kind": row.kind},
        )
        row.delete()
    _changed()
    return len(rows)
