"""Attachment files, served through the same permission check as their practice.

Media is never served as public static files: a members-only practice's PDF must not be
reachable by anyone who guesses or is forwarded its URL.
"""

from django.http import FileResponse, Http404, HttpRequest
from django.shortcuts import get_object_or_404
from django.utils.cache import patch_cache_control
from django.views.decorators.http import require_safe

from knowledge.models import Attachment, Practice


@require_safe
def attachment_file(
    request: HttpRequest, slug: str, attachment_id: int, thumbnail: bool = False
) -> FileResponse:
    attachment = get_object_or_404(
        Attachment.objects.select_related("practice"), pk=attachment_id, practice__slug=slug
    )
    practice = attachment.practice
    if not request.user.has_perm("knowledge.view_practice", practice):
        raise Http404
    field = attachment.thumbnail if thumbnail else attachment.file
    if not field:
        raise Http404
    response = FileResponse(field.open("rb"), filename=field.name.rsplit("/", 1)[-1])
    public = (
        practice.status == Practice.Status.PUBLISHED
        and practice.visibility == Practice.Visibility.PUBLIC
    )
    # Public files may sit in shared caches (slow links benefit); the rest only in the reader's.
    patch_cache_control(response, public=public, private=not public, max_age=3600)
    return response
