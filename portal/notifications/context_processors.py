from functools import cache

from django.http import HttpRequest

from portal.notifications.selectors import unread_count


def notifications(request: HttpRequest) -> dict[str, object]:
    """The unread count for the header, counted only if a template shows it, once a request.

    A callable, which the template calls and gets a plain number from: a lazy object in its place
    broke every page of a reader with unread notifications in Spanish, Arabic and Ukrainian
    (their plural rules take `n % 10`, which a lazy object does not support).
    """
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"unread_notifications": cache(lambda: unread_count(user))}
