"""`makemessages` with the project's defaults, so translators and the completeness test
(tests/portal/test_translations.py) extract exactly the same strings.

Only the site's own code is read (not the virtualenvs, vendored assets, tests or benchmarks);
locations are kept per file, not per line, so moving code does not rewrite every catalogue; no
fuzzy guesses (a new string is plainly untranslated until a translator writes it) and no
obsolete entries. New catalogues take their plural rule from Django's own (six forms in Arabic).
"""

from django.core.management.commands import makemessages

IGNORED = ["var", "node_modules", "static", "tests", "benchmarks", "docs", "locale", "build"]


class Command(makemessages.Command):
    msgmerge_options = [*makemessages.Command.msgmerge_options, "--no-fuzzy-matching"]

    def handle(self, *args, **options):
        options["ignore_patterns"] = [*options.get("ignore_patterns", []), *IGNORED]
        options["add_location"] = options.get("add_location") or "file"
        options["no_obsolete"] = True
        return super().handle(*args, **options)
