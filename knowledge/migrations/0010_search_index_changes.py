"""The queue of the derived search index (knowledge/search_index.py): a trigger on every table a
practice's index entry reads adds the practices each statement wrote, whatever wrote them."""

import django.db.models.functions.datetime
from django.db import migrations, models

# A practice's entry reads the practice, its themes and organisations (links), the themes' slugs.
LINKED = ("knowledge_practice", "knowledge_practice_themes", "knowledge_practice_organisations")
CREATE = """
CREATE FUNCTION knowledge_search_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'TRUNCATE' OR TG_ARGV[0] = '' THEN
        INSERT INTO knowledge_searchindexchange (practice_id) VALUES (NULL);
    ELSIF TG_OP = 'DELETE' THEN
        EXECUTE format('INSERT INTO knowledge_searchindexchange (practice_id)'
                       ' SELECT DISTINCT %I FROM changed_old', TG_ARGV[0]);
    ELSE
        EXECUTE format('INSERT INTO knowledge_searchindexchange (practice_id)'
                       ' SELECT DISTINCT %I FROM changed_new', TG_ARGV[0]);
    END IF;
    RETURN NULL;
END
$$;
"""
TRIGGERS = ""
for table in LINKED:
    column = "id" if table == "knowledge_practice" else "practice_id"
    for event, transition in (
        ("INSERT", "NEW TABLE AS changed_new"),
        ("UPDATE", "NEW TABLE AS changed_new"),
        ("DELETE", "OLD TABLE AS changed_old"),
    ):
        TRIGGERS += f"""
CREATE TRIGGER search_{event.lower()} AFTER {event} ON {table}
    REFERENCING {transition}
    FOR EACH STATEMENT EXECUTE FUNCTION knowledge_search_changed('{column}');"""
    TRIGGERS += f"""
CREATE TRIGGER search_truncate AFTER TRUNCATE ON {table}
    FOR EACH STATEMENT EXECUTE FUNCTION knowledge_search_changed('{column}');"""
# Every entry reads the themes' slugs and the thesaurus (the concepts found in its text).
WHOLE = ("knowledge_theme", "knowledge_thesaurusconcept", "knowledge_thesaurusterm")
for table in WHOLE:
    TRIGGERS += f"""
CREATE TRIGGER search_whole AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON {table}
    FOR EACH STATEMENT EXECUTE FUNCTION knowledge_search_changed('');"""
DROP = "".join(
    f"DROP TRIGGER IF EXISTS search_{event} ON {table};\n"
    for table in LINKED
    for event in ("insert", "update", "delete", "truncate")
) + (
    "".join(f"DROP TRIGGER IF EXISTS search_whole ON {table};\n" for table in WHOLE)
    + "DROP FUNCTION IF EXISTS knowledge_search_changed();\n"
)


class Migration(migrations.Migration):
    dependencies = [("knowledge", "0009_tsquery_functions")]

    operations = [
        migrations.CreateModel(
            name="SearchIndexChange",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("practice_id", models.IntegerField(null=True)),
                (
                    "queued_at",
                    models.DateTimeField(
                        db_default=django.db.models.functions.datetime.Now()
                    ),
                ),
            ],
            options={
                "verbose_name": "search index change",
                "verbose_name_plural": "search index changes",
                "indexes": [models.Index(fields=["queued_at"], name="search_change_queued")],
            },
        ),
        migrations.RunSQL(sql=CREATE + TRIGGERS, reverse_sql=DROP),
    ]
