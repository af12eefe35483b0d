from __future__ import annotations

from typing import TYPE_CHECKING, Any

from portal.exports.models import ExportJob
from portal.exports.registry import get_kind

if TYPE_CHECKING:
    from django.db.models import QuerySet
    from django.forms import Form

    from portal.models import User


def jobs_of(user: User) -> QuerySet[ExportJob]:
    """A person's own report requests, newest first (one query, nothing to join)."""
    return ExportJob.objects.filter(owner=user).defer("error")


def parameters_described(job: ExportJob, form: Form | None = None) -> list[tuple[str, str]]:
    """The job's options as (label, value) a person can read, e.g. ("Country", "Cambodia").

    Pass the kind's options form when describing many jobs: building one may query.
    """
    kind = get_kind(job.kind)
    if not job.parameters or kind is None or kind.parameters_form is None:
        return [(str(name), str(value)) for name, value in job.parameters.items()]
    form = form or kind.parameters_form()
    described = []
    for name, value in job.parameters.items():
        field: Any = form.fields.get(name)
        if field is None:
            described.append((name, str(value)))
            continue
        choices = dict(getattr(field, "choices", ()) or ())
        described.append((str(field.label or name), str(choices.get(value, value))))
    return described
