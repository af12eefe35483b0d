"""A data topic for what "did you mean" reads - the words of titles, theme names and the
thesaurus - so a useful mark or a comment, which write the practice table too, does not throw
away its vocabulary (portal.datachanges; `UPDATE OF` fires only when a listed column is set)."""

from django.db import migrations

TOPIC = "knowledge_titles"
CREATE = f"""
CREATE TRIGGER datachange_{TOPIC} AFTER INSERT OR DELETE OR TRUNCATE
    OR UPDATE OF title, status, visibility, language ON knowledge_practice
    FOR EACH STATEMENT EXECUTE FUNCTION portal_data_changed('{TOPIC}');
""" + "".join(
    f"""
CREATE TRIGGER datachange_{TOPIC} AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON {table}
    FOR EACH STATEMENT EXECUTE FUNCTION portal_data_changed('{TOPIC}');
"""
    for table in ("knowledge_theme", "knowledge_thesaurusterm")
)
DROP = "".join(
    f"DROP TRIGGER IF EXISTS datachange_{TOPIC} ON {table};\n"
    for table in ("knowledge_practice", "knowledge_theme", "knowledge_thesaurusterm")
)


class Migration(migrations.Migration):
    dependencies = [("knowledge", "0010_search_index_changes"), ("portal", "0004_datachange")]

    operations = [migrations.RunSQL(sql=CREATE, reverse_sql=DROP)]
