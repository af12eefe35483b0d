"""Version the cached training statistics: every write to what they count is a change."""

from django.db import migrations

from portal.datachanges import watch


class Migration(migrations.Migration):
    dependencies = [
        ("trainings", "0001_initial"),
        ("knowledge", "0002_language_choices"),
        ("portal", "0004_datachange"),
    ]

    operations = [
        watch(
            "trainings",
            (
                "trainings_enrolment",
                "trainings_person",
                "trainings_session",
                "trainings_session_themes",
                "portal_organisation",
                "knowledge_theme",
            ),
        )
    ]
