"""The language switcher: Django's `set_language`, remembered in the profile when signed in.

Django's view keeps the choice in a cookie and returns to the page the form was on. A signed-in
person's profile language wins over the cookie (portal.middleware), so it is saved too: the
choice then also follows them to another browser and to every email the site sends them.
"""

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.views.decorators.http import require_POST
from django.views.i18n import set_language as django_set_language

from portal.models import User


def user_language_set(*, user: User, language: str) -> None:
    if language in dict(settings.LANGUAGES) and user.preferred_language != language:
        user.preferred_language = language
        user.save(update_fields=["preferred_language"])


@require_POST
def set_language(request: HttpRequest) -> HttpResponse:
    response = django_set_language(request)
    if request.user.is_authenticated:
        user_language_set(user=request.user, language=request.POST.get("language", ""))
    return response
