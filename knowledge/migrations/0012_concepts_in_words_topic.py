"""The thesaurus's concepts join the knowledge base's words topic (0011 watched its terms), so
search can keep the thesaurus until it changes instead of until the next useful mark."""

from django.db import migrations

from portal.datachanges import watch


class Migration(migrations.Migration):
    dependencies = [("knowledge", "0011_titles_topic")]

    operations = [watch("knowledge_titles", ("knowledge_thesaurusconcept",))]
