"""Two functions that build a search's tsquery from its parts in the database.

`portal_tsquery_any(tsquery[])` ORs the distinct non-empty parts: the six configurations analyse
most names, acronyms and phrases alike, and a tsquery six times as long costs six times as much
to recheck on every candidate row. `portal_tsquery_all_or_none(tsquery[])` is the same, or
empty when any part is empty (a configuration dropped the words as stop words). Both are
immutable, so with constant arguments PostgreSQL computes them once, when it plans the query,
and the GIN index sees a constant tsquery.
"""

from django.db import migrations

CREATE = """
CREATE FUNCTION portal_tsquery_any(parts tsquery[]) RETURNS tsquery
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT coalesce(
        (SELECT string_agg(DISTINCT '(' || part::text || ')', ' | ')
         FROM unnest(parts) AS part WHERE numnode(part) > 0),
        ''
    )::tsquery
$$;
CREATE FUNCTION portal_tsquery_all_or_none(parts tsquery[]) RETURNS tsquery
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT CASE WHEN EXISTS (SELECT 1 FROM unnest(parts) AS part WHERE numnode(part) = 0)
        THEN ''::tsquery ELSE portal_tsquery_any(parts) END
$$;
"""
DROP = """
DROP FUNCTION IF EXISTS portal_tsquery_all_or_none(tsquery[]);
DROP FUNCTION IF EXISTS portal_tsquery_any(tsquery[]);
"""


class Migration(migrations.Migration):
    dependencies = [("knowledge", "0008_load_thesaurus")]

    operations = [migrations.RunSQL(sql=CREATE, reverse_sql=DROP)]
