from typing import Any

from allauth.account.models import EmailAddress
from allauth.account.signals import email_confirmed
from django.dispatch import receiver
from django.http import HttpRequest

from portal import services


@receiver(email_confirmed)
def welcome_on_first_confirmation(
    request: HttpRequest, email_address: EmailAddress, **kwargs: Any
) -> None:
    services.user_welcome(user=email_address.user)
