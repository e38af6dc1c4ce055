"""A trigram index on the search text, on PostgreSQL only.

HouseholdQuerySet.search asks for `search_text LIKE '% phrase%'`: a pattern with a leading
wildcard, which no B-tree can answer, so PostgreSQL read the whole table (337 ms for
"nguyen van" among a million households). pg_trgm's GIN index answers LIKE with any
wildcards. SQLite has no such index and keeps its table scan, which is fast at ward size.

The index lives outside the models' state (there is no GinIndex on SQLite to describe),
so it is made and dropped here only, and CONCURRENTLY: a big register keeps taking writes
while it is built.
"""

from django.contrib.postgres.indexes import GinIndex
from django.db import migrations

INDEX = GinIndex(fields=["search_text"], name="household_search_trgm", opclasses=["gin_trgm_ops"])


def create_index(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    # Trusted since PostgreSQL 13: the database's owner may create it without being superuser.
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    schema_editor.add_index(apps.get_model("households", "Household"), INDEX, concurrently=True)


def drop_index(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.remove_index(apps.get_model("households", "Household"), INDEX, concurrently=True)


class Migration(migrations.Migration):
    atomic = False  # CREATE INDEX CONCURRENTLY cannot run inside a transaction

    dependencies = [
        ("households", "0013_member_livelihood_low_income"),
    ]

    operations = [migrations.RunPython(create_index, drop_index, elidable=False)]
