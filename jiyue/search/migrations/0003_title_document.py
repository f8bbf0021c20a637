"""The PostgreSQL engine's title words (``SearchEntry.title_document``) and narrow
rows: texts and vectors are kept out of the row (TOAST) from 128 bytes, but for
the title's words, so that reading every match's site, year, title words… for
the facets and the candidates to rank reads little
(docs/decisions/0613-postgresql-ranks-a-capped-candidate-set.md)."""

import django.contrib.postgres.search
from django.db import migrations


def narrow_rows(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    with schema_editor.connection.cursor() as cursor:
        # The title's lexemes are the document's weight-A ones.
        cursor.execute(
            "UPDATE search_searchentry SET title_document = ts_filter(document, '{a}')"
            " WHERE document IS NOT NULL"
        )
        cursor.execute(
            "ALTER TABLE search_searchentry SET (toast_tuple_target = 128)"
        )
        # Except the title's words: read for every match, they stay in the row.
        cursor.execute(
            "ALTER TABLE search_searchentry ALTER COLUMN title_document SET STORAGE MAIN"
        )


def wide_rows(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        with schema_editor.connection.cursor() as cursor:
            cursor.execute("ALTER TABLE search_searchentry RESET (toast_tuple_target)")


class Migration(migrations.Migration):
    dependencies = [("search", "0002_text_index")]

    operations = [
        migrations.AddField(
            model_name="searchentry",
            name="title_document",
            field=django.contrib.postgres.search.SearchVectorField(null=True),
        ),
        migrations.RunPython(narrow_rows, wide_rows),
    ]
