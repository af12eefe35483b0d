"""Unknown organisations in a participant list: listed once each on the preview with
suggestions, mapped or added in one form, remembered for the next file."""

import re

import pytest
from django.urls import reverse

from portal.models import Organisation, OrganisationAlias
from portal.organisations.selectors import spelling_key
from tests.factories import OrganisationFactory, UserFactory
from tests.query_counts import get_counted
from tests.trainings.factories import SessionFactory
from tests.trainings.test_import import confirm, csv_bytes, row, upload
from trainings.models import ImportBatch, Person
from trainings.views import imports as import_views

pytestmark = pytest.mark.django_db


@pytest.fixture
def organisations() -> dict[str, Organisation]:
    return {
        "nmac": OrganisationFactory(
            name="National Mine Action Centre (Nigeria)", acronym="NMAC", country="NG"
        ),
        "red_cross": OrganisationFactory(name="Nigeria Red Cross Society", acronym="NRCS"),
        "daicma": OrganisationFactory(
            name="Dirección para la Acción Integral contra Minas Antipersonal",
            acronym="DAICMA",
            country="CO",
        ),
        "cmac": OrganisationFactory(name="Cambodian Mine Action Centre", acronym="CMAC"),
    }


def utf16_file(rows: list[list[str]]) -> bytes:
    """As Excel saves "Unicode text": UTF-16 with its byte order mark, separated by tabs."""
    return "\ufeff".encode("utf-16-le") + csv_bytes(rows, sep="\t").decode().encode("utf-16-le")


FIRST_FILE = [
    row("Aisha Bello", country="NG", org="NMAC Nigeria"),
    row("Musa Ibrahim", country="NG", org="NMAC Nigeria", sex="male"),
    row("Ngozi Okafor", country="NG", org="nmac nigeria"),
    row("Camila Rojas", country="CO", org="Dirección"),
    row("Andrés Gómez", country="CO", org="DIRECCION", sex="male"),
    row("Sokha Chan", country="KH", org="CMAC"),
]


def uploaded(client, rows: list[list[str]]) -> tuple[ImportBatch, str]:  # noqa: ANN001
    session = SessionFactory()
    response = upload(client, session, utf16_file(rows), name="participants.txt")
    assert response.status_code == 302
    batch = ImportBatch.objects.latest("pk")
    return batch, client.get(response["Location"]).content.decode()


def suggested_ids(page: str, index: int) -> list[int]:
    """The organisation ids in the "Suggested" group of the index-th select, in order."""
    select = re.search(rf'<select name="org-{index}-choice".*?</select>', page, re.DOTALL)
    assert select, f"no select for unknown organisation {index}"
    group = re.search(r'<optgroup label="Suggested">(.*?)</optgroup>', select.group(0), re.DOTALL)
    assert group, "no suggestions"
    return [int(pk) for pk in re.findall(r'<option value="(\d+)"', group.group(1))]


def choices_post(choices: list[dict[str, str]], total: int | None = None) -> dict[str, str]:
    data = {
        "org-TOTAL_FORMS": str(len(choices) if total is None else total),
        "org-INITIAL_FORMS": str(len(choices)),
        "org-MIN_NUM_FORMS": "0",
        "org-MAX_NUM_FORMS": "1000",
    }
    for index, fields in enumerate(choices):
        data.update({f"org-{index}-{name}": value for name, value in fields.items()})
    return data


def apply(client, batch: ImportBatch, choices: list[dict[str, str]], **kwargs):  # noqa: ANN001, ANN201
    return client.post(
        reverse("trainings:import-organisations", args=[batch.pk]),
        choices_post(choices, **kwargs),
    )


def map_and_create(organisations: dict[str, Organisation]) -> list[dict[str, str]]:
    return [
        {"spelling": "NMAC Nigeria", "choice": str(organisations["nmac"].pk)},
        {
            "spelling": "Dirección",
            "choice": "new",
            "name": "Dirección Nacional de Protección Civil",
            "acronym": "DNPC",
            "kind": Organisation.Kind.NATIONAL_AUTHORITY,
            "country": "CO",
        },
    ]


def test_the_preview_lists_each_unknown_spelling_once_with_its_rows_and_suggestions(
    coordinator_client, organisations
):
    batch, page = uploaded(coordinator_client, FIRST_FILE)

    assert {e["row"] for e in batch.errors} == {2, 3, 4, 5, 6}
    assert "2 organisations are not on the site" in page
    assert re.search(r"<q>NMAC Nigeria</q>\s*<small>\s*used in 3 rows", page)
    assert re.search(r"<q>Dirección</q>\s*<small>\s*used in 2 rows", page)
    assert "<q>DIRECCION</q>" not in page
    assert suggested_ids(page, 0)[0] == organisations["nmac"].pk
    assert suggested_ids(page, 1)[0] == organisations["daicma"].pk
    assert organisations["cmac"].pk not in suggested_ids(page, 0)
    # A new organisation's country is first that of the participants who work there.
    country = re.search(r'<select name="org-1-country".*?</select>', page, re.DOTALL).group(0)
    assert '<option value="CO" selected>' in country


def test_mapping_one_spelling_and_adding_the_other_saves_every_row(
    coordinator_client, coordinator, organisations
):
    batch, _page = uploaded(coordinator_client, FIRST_FILE)
    organisation_count = Organisation.objects.count()

    response = apply(coordinator_client, batch, map_and_create(organisations))

    assert response.status_code == 302
    page = coordinator_client.get(response["Location"]).content.decode()
    assert "Organisations applied: 5 problems are solved." in page
    batch.refresh_from_db()
    assert batch.errors == []
    assert [r["action"] for r in batch.preview] == ["create"] * 6
    added = Organisation.objects.get(name="Dirección Nacional de Protección Civil")
    assert (added.acronym, added.kind, added.country) == ("DNPC", "national_authority", "CO")
    assert Organisation.objects.count() == organisation_count + 1
    assert dict(OrganisationAlias.objects.values_list("spelling", "organisation")) == {
        "nmac nigeria": organisations["nmac"].pk,
        "direccion": added.pk,
    }
    assert OrganisationAlias.objects.filter(created_by=coordinator).count() == 2

    confirm(coordinator_client, batch)

    batch.refresh_from_db()
    assert batch.status == ImportBatch.Status.DONE
    linked = dict(Person.objects.values_list("full_name", "organisation"))
    assert linked == {
        "Aisha Bello": organisations["nmac"].pk,
        "Musa Ibrahim": organisations["nmac"].pk,
        "Ngozi Okafor": organisations["nmac"].pk,
        "Camila Rojas": added.pk,
        "Andrés Gómez": added.pk,
        "Sokha Chan": organisations["cmac"].pk,
    }


def test_a_later_file_with_the_same_spellings_written_differently_needs_no_mapping(
    coordinator_client, organisations
):
    first, _page = uploaded(coordinator_client, FIRST_FILE)
    apply(coordinator_client, first, map_and_create(organisations))
    added = Organisation.objects.get(name="Dirección Nacional de Protección Civil")

    second, page = uploaded(
        coordinator_client,
        [
            row("Emeka Obi", country="NG", org="Nmac  NIGERIA"),
            row("Lucía Díaz", country="CO", org="direccion"),
        ],
    )

    assert second.errors == []
    assert "not on the site" not in page
    confirm(coordinator_client, second)
    assert dict(Person.objects.values_list("full_name", "organisation")) == {
        "Emeka Obi": organisations["nmac"].pk,
        "Lucía Díaz": added.pk,
    }


def test_rows_with_another_problem_stay_in_error_once_their_organisation_is_known(
    coordinator_client, organisations
):
    batch, _page = uploaded(
        coordinator_client,
        [row("Aisha Bello", org="NMAC Nigeria"), row("Musa Ibrahim", org="NMAC Nigeria", age="x")],
    )

    apply(
        coordinator_client,
        batch,
        [{"spelling": "NMAC Nigeria", "choice": str(organisations["nmac"].pk)}],
    )

    batch.refresh_from_db()
    assert [(e["row"], e["column"]) for e in batch.errors] == [(3, "age")]
    assert [r["action"] for r in batch.preview] == ["create", "error"]


def test_a_choice_of_an_organisation_not_on_the_site_changes_nothing(
    coordinator_client, organisations
):
    batch, _page = uploaded(coordinator_client, FIRST_FILE)
    errors = batch.errors
    organisation_count = Organisation.objects.count()
    # The new organisation comes first: it must be rolled back with the rest.
    choices = list(reversed(map_and_create(organisations)))
    choices[1]["choice"] = "987654321"

    response = apply(coordinator_client, batch, choices)

    assert response.status_code == 400
    assert "The organisation chosen for “NMAC Nigeria” is not on the site" in (
        response.content.decode()
    )
    assert Organisation.objects.count() == organisation_count
    assert not OrganisationAlias.objects.exists()
    batch.refresh_from_db()
    assert batch.errors == errors


@pytest.mark.parametrize(
    ("choices", "total", "message"),
    [
        ([{"spelling": "Somewhere else", "choice": "1"}], None, "is not an unknown organisation"),
        ([{"spelling": "NMAC Nigeria", "choice": "<script>"}], None, "Choose an organisation"),
        ([{"spelling": "NMAC Nigeria", "choice": "9" * 30}], None, "Choose an organisation"),
        ([{"spelling": "NMAC Nigeria", "choice": "new", "name": ""}], None, "Give the new"),
        (
            [
                {
                    "spelling": "NMAC Nigeria",
                    "choice": "new",
                    "name": "CAMBODIAN Mine Action Centre",
                    "kind": "operator",
                }
            ],
            None,
            "An organisation named “CAMBODIAN Mine Action Centre” is already on the site",
        ),
        ([{"spelling": "NMAC Nigeria", "choice": "1"}], 7, "Please submit at most 2 forms."),
        ([{"spelling": "NMAC Nigeria"}], None, "Choose what at least one unknown"),
    ],
)
def test_a_tampered_or_incomplete_post_is_refused_with_a_message_and_writes_nothing(
    coordinator_client, organisations, choices, total, message
):
    batch, _page = uploaded(coordinator_client, FIRST_FILE)
    errors = batch.errors
    organisation_count = Organisation.objects.count()

    response = apply(coordinator_client, batch, choices, total=total)

    assert response.status_code == 400
    assert message in response.content.decode()
    assert Organisation.objects.count() == organisation_count
    assert not OrganisationAlias.objects.exists()
    batch.refresh_from_db()
    assert batch.errors == errors


def test_only_coordinators_may_choose_organisations(client, coordinator_client, organisations):
    batch, _page = uploaded(coordinator_client, FIRST_FILE)
    url = reverse("trainings:import-organisations", args=[batch.pk])
    data = choices_post(map_and_create(organisations))
    client.logout()

    anonymous = client.post(url, data)
    client.force_login(UserFactory(is_staff=True))
    staff = client.post(url, data)

    assert anonymous.status_code == 302
    assert anonymous["Location"].startswith(reverse("account_login"))
    assert staff.status_code == 404
    assert not OrganisationAlias.objects.exists()
    assert not Organisation.objects.filter(name__startswith="Dirección Nacional").exists()


def test_with_many_organisations_on_the_site_one_may_be_typed_by_its_acronym(
    coordinator_client, organisations, monkeypatch
):
    monkeypatch.setattr(import_views, "ORGANISATIONS_LISTED", 2)
    batch, page = uploaded(coordinator_client, [row("Aisha Bello", org="NMAC Nigeria")])
    assert 'name="org-0-organisation_name"' in page
    assert "All organisations" not in page

    apply(
        coordinator_client,
        batch,
        [{"spelling": "NMAC Nigeria", "choice": "", "organisation_name": "nmac"}],
    )

    batch.refresh_from_db()
    assert batch.errors == []
    assert OrganisationAlias.objects.get().organisation == organisations["nmac"]


def test_spellings_are_one_whatever_their_case_accents_or_spacing():
    assert spelling_key(" Dirección  NACIONAL ") == spelling_key("direccion nacional")
    assert spelling_key("Đà Nẵng") != spelling_key("Da Nang Province")


def test_the_preview_costs_the_same_queries_for_two_or_twelve_unknown_organisations(
    coordinator_client, django_assert_max_num_queries
):
    counts = []
    for size in (2, 12):
        for n in range(size):
            OrganisationFactory(name=f"Provincial Demining Office {size}-{n}", acronym="")
        rows = [row(f"Person {n} {k}", org=f"Demining Office {size}-{n}") for n in range(size)
                for k in range(3)]  # fmt: skip
        batch, _page = uploaded(coordinator_client, rows)
        url = reverse("trainings:import-detail", args=[batch.pk])
        response, queries = get_counted(coordinator_client, url)
        page = response.content.decode()
        assert page.count("used in 3 rows") == size
        counts.append(len(queries))
    assert counts[0] == counts[1], counts
    with django_assert_max_num_queries(7):
        coordinator_client.get(url)
