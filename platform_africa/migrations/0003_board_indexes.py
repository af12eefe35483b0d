"""Indexes for the request board, and versions of the data for the dashboard's cache.

The board lists newest first, and its search is `title__icontains` / `summary__icontains`,
i.e. `UPPER(title) LIKE UPPER('%...%')`: trigram indexes on those expressions serve it. SQL
only (no model state): nothing but those queries reads them.
"""

from django.db import migrations

from portal.datachanges import watch

INDEXES = {
    "platform_request_recent": "(created_at DESC, id DESC)",
    "platform_request_title_trgm": "USING gin (UPPER(title) gin_trgm_ops)",
    "platform_request_summary_trgm": "USING gin (UPPER(summary) gin_trgm_ops)",
}


class Migration(migrations.Migration):
    dependencies = [
        ("platform_africa", "0002_requestattachment"),
        ("portal", "0004_datachange"),
    ]

    operations = [
        migrations.RunSQL(
            sql=[
                f"CREATE INDEX {name} ON platform_africa_supportrequest {definition};"
                for name, definition in INDEXES.items()
            ],
            reverse_sql=[f"DROP INDEX IF EXISTS {name};" for name in INDEXES],
        ),
        watch("platform", ("platform_africa_supportrequest", "platform_africa_offer")),
    ]
