"""Load the mine action thesaurus (knowledge/thesaurus.csv) into every database, tests' too,
and make its tables part of the knowledge topic, so an editor's change moves the data version
and the cached thesaurus and search results follow it."""

from django.db import migrations

from portal.datachanges import watch


def load(apps, schema_editor):
    from knowledge.services.thesaurus import thesaurus_import, thesaurus_rows

    thesaurus_import(
        rows=thesaurus_rows(),
        concept_model=apps.get_model("knowledge", "ThesaurusConcept"),
        term_model=apps.get_model("knowledge", "ThesaurusTerm"),
    )


class Migration(migrations.Migration):
    dependencies = [
        ("knowledge", "0007_search_vector_per_language_thesaurus"),
        ("portal", "0004_datachange"),
    ]

    operations = [
        watch("knowledge", ("knowledge_thesaurusconcept", "knowledge_thesaurusterm")),
        migrations.RunPython(load, migrations.RunPython.noop),
    ]
