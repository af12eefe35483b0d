"""A row per statement that changes what the training statistics count.

The statistics are cached under a version read from this table (trainings.statistics):
a trigger adds a row whenever a statement writes enrolments, people, sessions, their
themes, organisations or theme names, so no write path (ORM, bulk, raw SQL, the admin)
can leave a stale figure behind. The row becomes visible with the data it announces.
"""

from django.db import migrations

TABLES = (
    "trainings_enrolment",
    "trainings_person",
    "trainings_session",
    "trainings_session_themes",
    "portal_organisation",
    "knowledge_theme",
)

CREATE = """
CREATE TABLE trainings_statistics_change (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    changed_at timestamp with time zone NOT NULL DEFAULT now()
);
CREATE FUNCTION trainings_statistics_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO trainings_statistics_change DEFAULT VALUES;
    RETURN NULL;
END
$$;
""" + "".join(
    f"""
CREATE TRIGGER trainings_statistics_changed
    AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON {table}
    FOR EACH STATEMENT EXECUTE FUNCTION trainings_statistics_changed();
"""
    for table in TABLES
)

DROP = "".join(
    f"DROP TRIGGER IF EXISTS trainings_statistics_changed ON {table};\n" for table in TABLES
) + (
    "DROP FUNCTION IF EXISTS trainings_statistics_changed();\n"
    "DROP TABLE IF EXISTS trainings_statistics_change;\n"
)


class Migration(migrations.Migration):
    dependencies = [
        ("trainings", "0001_initial"),
        ("knowledge", "0002_language_choices"),
    ]

    operations = [migrations.RunSQL(sql=CREATE, reverse_sql=DROP)]
