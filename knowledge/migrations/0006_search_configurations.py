"""Text search configurations for each content language, accent-insensitive.

Each is a copy of PostgreSQL's own with `unaccent` in front of the stemmer for words with
letters outside ASCII ("déminage" and "deminage" both become "demin"). Languages PostgreSQL has
no stemmer for (uk, km, lo, vi, ja) use `portal_simple`: unaccented and lower-cased, unstemmed.
"""

from django.contrib.postgres.operations import UnaccentExtension
from django.db import migrations

CONFIGURATIONS = {
    "portal_english": ("english", "english_stem"),
    "portal_french": ("french", "french_stem"),
    "portal_spanish": ("spanish", "spanish_stem"),
    "portal_portuguese": ("portuguese", "portuguese_stem"),
    "portal_arabic": ("arabic", "arabic_stem"),
    "portal_simple": ("simple", "simple"),
}

CREATE = "".join(
    f"""
CREATE TEXT SEARCH CONFIGURATION {name} (COPY = pg_catalog.{source});
ALTER TEXT SEARCH CONFIGURATION {name}
    ALTER MAPPING FOR hword, hword_part, word WITH unaccent, {stemmer};
"""
    for name, (source, stemmer) in CONFIGURATIONS.items()
)
DROP = "".join(f"DROP TEXT SEARCH CONFIGURATION IF EXISTS {name};\n" for name in CONFIGURATIONS)


class Migration(migrations.Migration):
    dependencies = [("knowledge", "0005_verbose_names")]

    operations = [
        UnaccentExtension(),
        migrations.RunSQL(sql=CREATE, reverse_sql=DROP),
    ]
