"""The PostgreSQL engine at a million documents
(docs/decisions/0618-postgresql-counts-a-sample-and-walks-for-the-page.md):

- ``sample``, each row's bucket of 64 by its key, computed by the server
  (``hashtext`` is immutable, so the column is generated and old rows get it
  too), and ``SearchSample``, the rows of the sampled buckets, kept by
  triggers: a query with very many matches is counted on it;
- the orders a page of such a query is read in (relevance's cheap order, date)
  and the 文号 / 索引号, so that the page is found by walking an index, not by
  reading every match;
- the title's words indexed, for a query whose words are in few titles;
- each facet's column indexed, for a value chosen among very many matches.

On SQLite the sample's table is created, unused, like ``SearchEntry``.
"""

import django.contrib.postgres.search
from django.db import migrations, models

# ``2`` is ``engines.base.SAMPLED_BUCKETS``: changing it needs a migration.
# A facet's value chosen: its rows found by its own index, not by reading every
# match of a word found everywhere (the site has the (generation, site) index).
FILTERED = ("year", "column_kind", "topic", "issuer", "validity")
COPIED = "id, generation, site_id, column_kind, topic, issuer, year, validity, document"
FORWARD = (
    "ALTER TABLE search_searchentry ADD COLUMN sample smallint"
    " GENERATED ALWAYS AS ((hashtext(key) & 63)::smallint) STORED",
    "ALTER TABLE search_searchsample SET (toast_tuple_target = 128)",
    f"INSERT INTO search_searchsample ({COPIED})"
    f" SELECT {COPIED} FROM search_searchentry WHERE sample < 2",
    "CREATE INDEX search_sample_document ON search_searchsample USING gin (document)",
    """CREATE FUNCTION search_sample_copy() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        IF TG_OP <> 'INSERT' THEN
            DELETE FROM search_searchsample WHERE id = OLD.id;
        END IF;
        IF TG_OP <> 'DELETE' AND NEW.sample < 2 THEN
            INSERT INTO search_searchsample (%s) VALUES (NEW.id, NEW.generation,
                NEW.site_id, NEW.column_kind, NEW.topic, NEW.issuer, NEW.year,
                NEW.validity, NEW.document);
        END IF;
        RETURN NULL;
    END $$""" % COPIED,
    "CREATE TRIGGER search_sample_insert AFTER INSERT ON search_searchentry"
    " FOR EACH ROW WHEN (NEW.sample < 2) EXECUTE FUNCTION search_sample_copy()",
    "CREATE TRIGGER search_sample_update AFTER UPDATE ON search_searchentry"
    " FOR EACH ROW WHEN (OLD.sample < 2 OR NEW.sample < 2)"
    " EXECUTE FUNCTION search_sample_copy()",
    "CREATE TRIGGER search_sample_delete AFTER DELETE ON search_searchentry"
    " FOR EACH ROW WHEN (OLD.sample < 2) EXECUTE FUNCTION search_sample_copy()",
    "CREATE INDEX search_entry_title_words ON search_searchentry"
    " USING gin (title_document)",
    "CREATE INDEX search_entry_cheap_order ON search_searchentry"
    " (generation, weight DESC, date DESC NULLS LAST, id DESC)",
    "CREATE INDEX search_entry_date_order ON search_searchentry"
    " (generation, date DESC NULLS LAST, id DESC)",
    "CREATE INDEX search_entry_doc_number ON search_searchentry"
    " (generation, doc_number) WHERE doc_number <> ''",
    "CREATE INDEX search_entry_index_no ON search_searchentry"
    " (generation, index_no) WHERE index_no <> ''",
    *(
        f"CREATE INDEX search_entry_{column} ON search_searchentry ({column})"
        for column in FILTERED
    ),
)
BACKWARD = (
    *(f"DROP INDEX IF EXISTS search_entry_{column}" for column in FILTERED),
    "DROP INDEX IF EXISTS search_entry_index_no",
    "DROP INDEX IF EXISTS search_entry_doc_number",
    "DROP INDEX IF EXISTS search_entry_date_order",
    "DROP INDEX IF EXISTS search_entry_cheap_order",
    "DROP INDEX IF EXISTS search_entry_title_words",
    "DROP TRIGGER IF EXISTS search_sample_delete ON search_searchentry",
    "DROP TRIGGER IF EXISTS search_sample_update ON search_searchentry",
    "DROP TRIGGER IF EXISTS search_sample_insert ON search_searchentry",
    "DROP FUNCTION IF EXISTS search_sample_copy()",
    "ALTER TABLE search_searchentry DROP COLUMN IF EXISTS sample",
)


def _run(statements):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        with schema_editor.connection.cursor() as cursor:
            for statement in statements:
                cursor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("search", "0004_rebuild_words")]

    operations = [
        migrations.CreateModel(
            name="SearchSample",
            fields=[
                ("id", models.BigIntegerField(primary_key=True, serialize=False)),
                ("generation", models.PositiveIntegerField()),
                ("site_id", models.PositiveIntegerField()),
                ("column_kind", models.CharField(blank=True, max_length=20)),
                ("topic", models.CharField(blank=True, max_length=120)),
                ("issuer", models.CharField(blank=True, max_length=100)),
                ("year", models.PositiveSmallIntegerField(null=True)),
                ("validity", models.CharField(blank=True, max_length=20)),
                (
                    "document",
                    django.contrib.postgres.search.SearchVectorField(null=True),
                ),
            ],
            options={
                "verbose_name": "搜索索引样本",
                "verbose_name_plural": "搜索索引样本",
            },
        ),
        migrations.RunPython(_run(FORWARD), _run(BACKWARD)),
    ]
