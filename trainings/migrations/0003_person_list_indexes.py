"""The participant list: people by name from an index, and name searches from trigrams.

`full_name__icontains` is `UPPER(full_name) LIKE UPPER(...)`: the trigram index on the bare
name (person_name_trgm, for similarity) cannot serve it, one on UPPER(full_name) can. SQL only
(no model state): nothing but those queries reads them.
"""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("trainings", "0002_statistics_changes"),
    ]

    operations = [
        migrations.RunSQL(
            sql=[
                "CREATE INDEX person_active_by_name ON trainings_person (full_name, id)"
                " WHERE merged_into_id IS NULL;",
                "CREATE INDEX person_name_upper_trgm"
                " ON trainings_person USING gin (UPPER(full_name) gin_trgm_ops);",
            ],
            reverse_sql=[
                "DROP INDEX IF EXISTS person_active_by_name;",
                "DROP INDEX IF EXISTS person_name_upper_trgm;",
            ],
        ),
    ]
