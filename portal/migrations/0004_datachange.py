"""The log of data changes that versions cached figures (portal.datachanges)."""

from django.db import migrations

CREATE = """
CREATE TABLE portal_datachange (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    topic varchar(50) NOT NULL,
    changed_at timestamp with time zone NOT NULL DEFAULT now()
);
CREATE INDEX portal_datachange_topic ON portal_datachange (topic, id);
CREATE FUNCTION portal_data_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO portal_datachange (topic) VALUES (TG_ARGV[0]);
    RETURN NULL;
END
$$;
"""

DROP = """
DROP FUNCTION IF EXISTS portal_data_changed() CASCADE;
DROP TABLE IF EXISTS portal_datachange;
"""


class Migration(migrations.Migration):
    dependencies = [
        ("portal", "0003_email_retry_status"),
    ]

    operations = [migrations.RunSQL(sql=CREATE, reverse_sql=DROP)]
