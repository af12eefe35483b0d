"""Demo data drawn from the portal's seed facts, and one demo account per role. Idempotent."""

import os
from typing import Any

from allauth.account.models import EmailAddress
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand
from django.db import transaction

from portal import seeding
from portal.models import Organisation, User
from portal.permissions import Role

Kind = Organisation.Kind

ORGANISATIONS = [
    ("Cambodian Mine Action Centre", "CMAC", "KH", Kind.NATIONAL_AUTHORITY),
    (
        "Cambodian Mine Action and Victim Assistance Authority",
        "CMAA",
        "KH",
        Kind.NATIONAL_AUTHORITY,
    ),
    ("Japan International Cooperation Agency", "JICA", "JP", Kind.DONOR),
    ("United Nations Mine Action Service", "UNMAS", "", Kind.UN),
    (
        "Office of the High Commissioner for Peace – Descontamina Colombia",
        "OACP",
        "CO",
        Kind.NATIONAL_AUTHORITY,
    ),
    ("Lao National Unexploded Ordnance Programme", "UXO Lao", "LA", Kind.NATIONAL_AUTHORITY),
    ("State Emergency Service of Ukraine", "SESU", "UA", Kind.NATIONAL_AUTHORITY),
    ("Ethiopian Mine Action Office", "EMAO", "ET", Kind.NATIONAL_AUTHORITY),
    ("National Mine Action Centre Nigeria", "NMAC", "NG", Kind.NATIONAL_AUTHORITY),
    ("Somali Explosive Management Authority", "SEMA", "SO", Kind.NATIONAL_AUTHORITY),
    ("National Mine Action Authority South Sudan", "NMAA", "SS", Kind.NATIONAL_AUTHORITY),
    ("Zambia Mine Action Centre", "ZMAC", "ZM", Kind.NATIONAL_AUTHORITY),
    ("National Agency for Mine Action Angola", "ANAM", "AO", Kind.NATIONAL_AUTHORITY),
    ("Directorate of Mine Action Iraq", "DMA", "IQ", Kind.NATIONAL_AUTHORITY),
    ("Vietnam National Mine Action Centre", "VNMAC", "VN", Kind.NATIONAL_AUTHORITY),
    (
        "Geneva International Centre for Humanitarian Demining",
        "GICHD",
        "CH",
        Kind.TRAINING_INSTITUTE,
    ),
    ("The HALO Trust", "HALO", "GB", Kind.NGO),
    ("Mines Advisory Group", "MAG", "GB", Kind.OPERATOR),
]

# email local part, name, organisation acronym, country, role group, is_superuser
DEMO_ACCOUNTS = [
    ("admin", "Portal Administrator", "UNMAS", "", None, True),
    ("editor", "Sokha Chan", "CMAC", "KH", Role.EDITOR, False),
    ("staff", "Mwila Banda", "ZMAC", "ZM", None, False),
    ("coordinator", "Dara Keo", "CMAC", "KH", Role.TRAINING_COORDINATOR, False),
    ("member", "Abebe Tesfaye", "EMAO", "ET", None, False),
    ("partner", "Yuki Tanaka", "JICA", "JP", None, False),
    ("secretariat", "Amina Yusuf", "UNMAS", "", Role.PLATFORM_SECRETARIAT, False),
]
DEMO_DOMAIN = "demo.mineaction.org"


def demo_password() -> str:
    return os.environ.get("DEMO_PASSWORD", "mine-action-demo")


class Command(BaseCommand):
    help = "Load the demo organisations and one demo account per role (safe to run again)."

    def handle(self, *args: Any, **options: Any) -> None:
        with transaction.atomic():
            organisations = self._organisations()
            accounts = self._accounts(organisations)
            for seeder in seeding.seeders():
                seeder(self.stdout.write)
        self.stdout.write(
            self.style.SUCCESS(f"Demo data ready: {len(organisations)} organisations.")
        )
        self.stdout.write(f"Demo accounts (password: {demo_password()}):")
        for email, role in accounts:
            self.stdout.write(f"  {email:<36} {role}")

    def _organisations(self) -> dict[str, Organisation]:
        result = {}
        for name, acronym, country, kind in ORGANISATIONS:
            organisation, _ = Organisation.objects.update_or_create(
                acronym=acronym, defaults={"name": name, "country": country, "kind": kind}
            )
            result[acronym] = organisation
        return result

    def _accounts(self, organisations: dict[str, Organisation]) -> list[tuple[str, str]]:
        accounts = []
        for local, name, acronym, country, role, superuser in DEMO_ACCOUNTS:
            email = f"{local}@{DEMO_DOMAIN}"
            user, created = User.objects.get_or_create(
                email=email,
                defaults={
                    "name": name,
                    "organisation": organisations[acronym],
                    "country": country,
                    "is_superuser": superuser,
                    "is_staff": superuser or role == Role.EDITOR,
                },
            )
            if created or not user.check_password(demo_password()):
                user.set_password(demo_password())
                user.save(update_fields=["password"])
            if role:
                # get_or_create: a flushed test database has lost the migration's groups.
                user.groups.add(Group.objects.get_or_create(name=role.value)[0])
            EmailAddress.objects.update_or_create(
                user=user, email=email, defaults={"verified": True, "primary": True}
            )
            label = "admin" if superuser else (str(role.label) if role else local)
            accounts.append((email, label))
        return accounts
