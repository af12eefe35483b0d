"""What the trainings app plugs into portal: permission rules, notification kinds, export kinds,
demo data. Imported from TrainingsConfig.ready; each part of the app appends its own lines."""

from trainings import permissions  # noqa: F401 - rules register on import

# Statistics, certificates and reports: trainings/exports.py registers the report kinds on
# import; the certificate task lives outside tasks.py, where Celery's autodiscovery looks, so
# it is imported here; the demo seeder is imported only when seed_demo runs.
REPORT_MODULES = ("trainings.exports", "trainings.tasks_certificates")

from collections.abc import Callable  # noqa: E402
from importlib import import_module  # noqa: E402

from portal import seeding  # noqa: E402

for _module in REPORT_MODULES:
    import_module(_module)
from trainings import certificate_exports  # noqa: E402, F401 - the certificates ZIP export


def _seed_trainings(write: Callable[[str], None]) -> None:
    from trainings.demo import seed

    seed(write)


seeding.register(_seed_trainings)
