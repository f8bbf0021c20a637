"""The PostgreSQL engine at a million documents
(docs/decisions/0618-postgresql-counts-a-sample-and-walks-for-the-page.md):

- ``sample``, each row's bucket of 64 by its key, computed by the server
  (``hashtext`` is immutable, so the column is generated and old rows get it
  too), and the text index of the sampled buckets alone: a query with very many
  matches is counted over them;
- the orders a page of such a query is read in (relevance's cheap order, date)
  and the 文号 / 索引号, so that the page is found by walking an index, not by
  reading every match;
- the title's words indexed, for a query whose words are in few titles.

Nothing on SQLite: the table is the PostgreSQL engine's only.
"""

from django.db import migrations

# ``SAMPLED`` is ``engines.base.SAMPLED_BUCKETS``: a query's ``sample < 2``
# must be the partial index's own predicate for the planner to use it.
FORWARD = (
    "ALTER TABLE search_searchentry ADD COLUMN sample smallint"
    " GENERATED ALWAYS AS ((hashtext(key) & 63)::smallint) STORED",
    "CREATE INDEX search_entry_sampled ON search_searchentry USING gin (document)"
    " WHERE sample < 2",
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
)
BACKWARD = (
    "DROP INDEX IF EXISTS search_entry_index_no",
    "DROP INDEX IF EXISTS search_entry_doc_number",
    "DROP INDEX IF EXISTS search_entry_date_order",
    "DROP INDEX IF EXISTS search_entry_cheap_order",
    "DROP INDEX IF EXISTS search_entry_title_words",
    "DROP INDEX IF EXISTS search_entry_sampled",
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

    operations = [migrations.RunPython(_run(FORWARD), _run(BACKWARD))]
