"""A practice's update queues its index entry only if a column the entry reads changed, and a
useful mark (useful_count alone) as `lazy`: readers do not stop to apply those (the "most
useful" order may lag by search_index.LAZY_LAG), while every other change is searchable on the
next request (knowledge/search_index.py)."""

from django.db import migrations, models

# The columns of knowledge_practice that the index entry reads (search_index._ROWS_SQL).
COLUMNS = (
    "status",
    "visibility",
    "kind",
    "language",
    "countries",
    "year_start",
    "year_end",
    "has_outcomes",
    "published_at",
    "title",
    "summary",
    "body",
    "translation_of_id",
)


def _row(alias: str, columns: tuple[str, ...]) -> str:
    return "ROW(" + ", ".join(f"{alias}.{column}" for column in columns) + ")"


CREATE = f"""
CREATE FUNCTION knowledge_practice_search_updated() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO knowledge_searchindexchange (practice_id, lazy)
    SELECT n.id, {_row("n", COLUMNS)} IS NOT DISTINCT FROM {_row("o", COLUMNS)}
    FROM changed_new n JOIN changed_old o ON o.id = n.id
    WHERE {_row("n", (*COLUMNS, "useful_count"))} IS DISTINCT FROM
          {_row("o", (*COLUMNS, "useful_count"))};
    RETURN NULL;
END
$$;
DROP TRIGGER search_update ON knowledge_practice;
CREATE TRIGGER search_update AFTER UPDATE ON knowledge_practice
    REFERENCING OLD TABLE AS changed_old NEW TABLE AS changed_new
    FOR EACH STATEMENT EXECUTE FUNCTION knowledge_practice_search_updated();
"""
DROP = """
DROP TRIGGER search_update ON knowledge_practice;
CREATE TRIGGER search_update AFTER UPDATE ON knowledge_practice
    REFERENCING NEW TABLE AS changed_new
    FOR EACH STATEMENT EXECUTE FUNCTION knowledge_search_changed('id');
DROP FUNCTION knowledge_practice_search_updated();
"""


class Migration(migrations.Migration):
    dependencies = [("knowledge", "0012_concepts_in_words_topic")]

    operations = [
        migrations.AddField(
            model_name="searchindexchange",
            name="lazy",
            field=models.BooleanField(db_default=False, default=False),
        ),
        migrations.RunSQL(sql=CREATE, reverse_sql=DROP),
    ]
