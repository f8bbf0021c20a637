"""Wagtail's own database search backend, fed segmented Chinese.

The admin's page search (and every other Wagtail search: snippets, documents,
images) goes through Wagtail's database backend: FTS5 with the ``unicode61``
tokenizer on SQLite, ``to_tsvector`` on PostgreSQL. Neither splits Chinese: a
run of Chinese characters is one token, so 网站 never finds 政府网站. This
backend is the same one, with every indexed value written as space-separated
words (jieba's search mode, ``segment.py``) and every query string cut the same
way, so the database sees words (docs/decisions/0607-admin-search-segmented.md).

``WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "jiyue.search.wagtail_backend"}}``;
after switching an existing platform to it, ``jiyue update_index`` rewrites the
index once.
"""

from __future__ import annotations

from typing import Any

from django.db import connection
from modelsearch.index import AutocompleteField, RelatedFields, SearchField
from modelsearch.query import And, Not, Or, Phrase, PlainText

from .segment import Segmenter, spaced


def _segmenter() -> Segmenter:
    from . import lexicon

    return lexicon.current().segmenter


def segmented_value(value: Any, *, search_mode: bool = True) -> Any:
    if isinstance(value, str):
        return spaced(_segmenter(), value, search_mode=search_mode) if value else value
    if isinstance(value, list):
        return [segmented_value(v, search_mode=search_mode) for v in value]
    if isinstance(value, dict):
        return {
            k: segmented_value(v, search_mode=search_mode) for k, v in value.items()
        }
    return value


class _SegmentedField:
    """A search field whose value comes out segmented."""

    def get_value(self, obj):
        return segmented_value(self._original.get_value(_unwrapped(obj)))


class SegmentedSearchField(_SegmentedField, SearchField):
    def __init__(self, original: SearchField) -> None:
        self.__dict__.update(original.__dict__)
        self._original = original


class SegmentedAutocompleteField(_SegmentedField, AutocompleteField):
    def __init__(self, original: AutocompleteField) -> None:
        self.__dict__.update(original.__dict__)
        self._original = original


class SegmentedRelatedFields(RelatedFields):
    def __init__(self, original: RelatedFields) -> None:
        self.__dict__.update(original.__dict__)
        self._original = original
        self.fields = [segmented_field(f) for f in original.fields]

    def get_value(self, obj):
        return self._original.get_value(_unwrapped(obj))


def segmented_field(field):
    if isinstance(field, RelatedFields):
        return SegmentedRelatedFields(field)
    if isinstance(field, AutocompleteField):
        return SegmentedAutocompleteField(field)
    if isinstance(field, SearchField):
        return SegmentedSearchField(field)
    return field


class _Segmented:
    """What the backend's indexer reads of an object: its key and its fields,
    their values segmented."""

    def __init__(self, obj, fields) -> None:
        self._jiyue_object = obj
        self.pk = obj.pk
        self._fields = fields

    def get_search_fields(self):
        return self._fields


def _unwrapped(obj):
    return getattr(obj, "_jiyue_object", obj)


def segmented_query(query):
    """A query string or Wagtail query object with its text cut into words."""
    if isinstance(query, str):
        return segmented_value(query, search_mode=False)
    if isinstance(query, PlainText):
        return PlainText(
            segmented_value(query.query_string, search_mode=False),
            operator=query.operator,
            boost=query.boost,
        )
    if isinstance(query, Phrase):
        return Phrase(segmented_value(query.query_string, search_mode=False))
    if isinstance(query, And | Or):
        return type(query)([segmented_query(q) for q in query.subqueries])
    if isinstance(query, Not):
        return Not(segmented_query(query.subquery))
    return query


def _segmenting_index(index_class):
    class SegmentingIndex(index_class):
        def add_items(self, model, objs):
            fields = [segmented_field(f) for f in model.get_search_fields()]
            return super().add_items(model, [_Segmented(o, fields) for o in objs])

    return SegmentingIndex


def _segmenting_backend(backend_class):
    class SegmentingBackend(backend_class):
        index_class = _segmenting_index(backend_class.index_class)

        def _search(self, query_compiler_class, query, model_or_queryset, **kwargs):
            return super()._search(
                query_compiler_class,
                segmented_query(query),
                model_or_queryset,
                **kwargs,
            )

    return SegmentingBackend


def SearchBackend(params):  # noqa: N802 (Wagtail looks for this name)
    """Wagtail's database backend for this database, segmenting."""
    if connection.vendor == "postgresql":
        from modelsearch.backends.database.postgres.postgres import (
            PostgresSearchBackend as Base,
        )
    elif connection.vendor == "sqlite":
        from modelsearch.backends.database.sqlite.sqlite import (
            SQLiteSearchBackend as Base,
        )
    else:  # pragma: no cover
        from modelsearch.backends.database.fallback import (
            DatabaseSearchBackend as Base,
        )
    return _segmenting_backend(Base)(params)
