"""Version the cached list, facets, suggestions and related practices: every write to what
they read is a change of the "knowledge" topic (portal.datachanges)."""

from django.db import migrations

from portal.datachanges import watch


class Migration(migrations.Migration):
    dependencies = [
        ("knowledge", "0002_language_choices"),
        ("portal", "0004_datachange"),
    ]

    operations = [
        watch(
            "knowledge",
            (
                "knowledge_practice",
                "knowledge_practice_themes",
                "knowledge_practice_organisations",
                "knowledge_theme",
                "knowledge_outcome",
                "portal_organisation",
            ),
        )
    ]
