"""The PostgreSQL engine's text index: RUM where the extension is installed
(Debian's postgresql-15-rum), GIN otherwise; nothing on SQLite
(docs/decisions/0605-postgresql-engine.md)."""

from django.db import DatabaseError, migrations, transaction

INDEX = "search_entry_document"


def create_text_index(apps, schema_editor):
    connection = schema_editor.connection
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        try:
            with transaction.atomic(using=connection.alias):
                cursor.execute("CREATE EXTENSION IF NOT EXISTS rum")
                cursor.execute(
                    f"CREATE INDEX {INDEX} ON search_searchentry"
                    " USING rum (document rum_tsvector_ops)"
                )
        except DatabaseError:
            cursor.execute(
                f"CREATE INDEX {INDEX} ON search_searchentry USING gin (document)"
            )


def drop_text_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        with schema_editor.connection.cursor() as cursor:
            cursor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [("search", "0001_initial")]

    operations = [migrations.RunPython(create_text_index, drop_text_index)]
