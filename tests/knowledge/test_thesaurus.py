import pytest
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.urls import reverse

from knowledge.models import ThesaurusConcept, ThesaurusTerm
from knowledge.selectors import concepts_in, practices_search, thesaurus
from knowledge.selectors.thesaurus import same_word, words
from knowledge.services.thesaurus import thesaurus_concept_save, thesaurus_rows
from tests.factories import UserFactory

from .factories import PracticeFactory

pytestmark = pytest.mark.django_db


def titles(q: str) -> list[str]:
    return [p.title for p in practices_search(params={"q": q}, user=None)]


def test_every_database_has_the_thesaurus_of_the_csv_file():
    rows = thesaurus_rows()

    assert ThesaurusConcept.objects.count() == len(rows) >= 40
    nts = ThesaurusConcept.objects.get(slug="non-technical-survey")
    assert set(nts.terms.values_list("language", flat=True)) == {"en", "fr", "es", "pt", "ar", "uk"}
    assert nts.terms.filter(language="en", text="NTS").exists()


@pytest.mark.parametrize(
    "acronym",
    [
        "NTS",
        "TS",
        "EORE",
        "MRE",
        "ERW",
        "REG",
        "UXO",
        "AXO",
        "IED",
        "EEI",
        "EOD",
        "NEDEX",
        "BAC",
        "CMR",
        "MDD",
        "QA",
        "QC",
        "SHA",
        "CHA",
        "IMSMA",
        "NMAS",
    ],
)
def test_the_thesaurus_has_the_imas_acronyms(acronym):
    assert ThesaurusTerm.objects.filter(text=acronym).exists()


def test_the_thesaurus_shares_the_glossary_wording_where_they_meet():
    rows = {row["slug"]: row for row in thesaurus_rows()}

    assert rows["land-release"]["terms"]["pt"][0] == "libertação de terras"
    assert rows["non-technical-survey"]["terms"]["fr"][0] == "enquête non technique"
    assert rows["mechanical-demining"]["terms"]["es"][0] == "desminado mecánico"


def test_an_acronym_finds_the_spelled_out_term_and_the_reverse():
    PracticeFactory(title="Explosive ordnance disposal teams")
    PracticeFactory(title="EOD in the north")

    assert sorted(titles("EOD")) == ["EOD in the north", "Explosive ordnance disposal teams"]
    assert sorted(titles("explosive ordnance disposal")) == [
        "EOD in the north",
        "Explosive ordnance disposal teams",
    ]


def test_a_query_naming_a_concept_and_more_still_needs_the_rest():
    PracticeFactory(title="NTS in Colombia")
    PracticeFactory(title="Non-technical survey in Angola")

    assert titles("NTS Angola") == ["Non-technical survey in Angola"]


def test_the_longest_term_wins_so_technical_survey_is_not_found_inside_non_technical_survey():
    found = concepts_in(words("non-technical survey teams"), thesaurus().concepts)

    assert [(item.concept.slug, item.start, item.stop) for item in found] == [
        ("non-technical-survey", 0, 3)
    ]


def test_word_forms_match_in_any_language_but_different_words_do_not():
    assert same_word("обстеження", "обстеженням")
    assert same_word("surveys", "survey")
    assert not same_word("mine", "mina")
    assert not same_word("survey", "surveillance")


def test_an_editors_new_term_is_used_by_the_next_search():
    PracticeFactory(title="Demining with a flail")
    assert titles("frobnicator") == []
    concept = ThesaurusConcept.objects.get(slug="mechanical-demining")
    terms = {
        lang: list(concept.terms.filter(language=lang).values_list("text", flat=True))
        for lang in ("en", "fr", "es", "pt", "ar", "uk")
    }
    terms["en"].append("frobnicator")

    thesaurus_concept_save(
        concept=concept, slug=concept.slug, themes=concept.themes, note=concept.note, terms=terms
    )

    assert ThesaurusTerm.objects.filter(concept=concept, text="frobnicator").exists()
    # Demining with a flail doesn't say "mechanical demining": a new concept term finds it.
    concept_save = thesaurus_concept_save(slug="flail", terms={"en": ["flail", "frobnicator"]})
    assert concept_save.terms.count() == 2
    assert titles("frobnicator") == ["Demining with a flail"]


def test_saving_a_concept_replaces_its_terms_in_the_given_languages():
    concept = thesaurus_concept_save(
        slug="test-concept", terms={"en": ["one", "two"], "fr": ["un"]}
    )

    thesaurus_concept_save(concept=concept, slug="test-concept", terms={"en": ["two", "three"]})

    assert list(concept.terms.values_list("language", "text")) == [
        ("en", "two"),
        ("en", "three"),
        ("fr", "un"),
    ]


def test_a_concept_without_any_term_is_refused():
    with pytest.raises(ValidationError):
        thesaurus_concept_save(slug="empty", terms={"en": ["  "]})


def test_the_thesaurus_is_cached_until_it_changes(django_assert_num_queries):
    cache.clear()
    thesaurus()
    with django_assert_num_queries(1):  # the data version only
        thesaurus()
    thesaurus_concept_save(slug="new-concept", terms={"en": ["new concept"]})

    assert "new-concept" in {concept.slug for concept in thesaurus().concepts}


def test_an_editor_adds_a_concept_in_the_admin(client):
    admin = UserFactory(is_staff=True, is_superuser=True)
    client.force_login(admin)

    response = client.post(
        reverse("admin:knowledge_thesaurusconcept_add"),
        {
            "slug": "flail-machine",
            "themes": "mechanical-demining",
            "note": "",
            "terms_en": "flail machine\nflail",
            "terms_fr": "fléau",
            "terms_es": "",
            "terms_pt": "",
            "terms_ar": "",
            "terms_uk": "",
        },
    )

    assert response.status_code == 302, response.content.decode()[:2000]
    concept = ThesaurusConcept.objects.get(slug="flail-machine")
    assert list(concept.terms.values_list("language", "text")) == [
        ("en", "flail machine"),
        ("en", "flail"),
        ("fr", "fléau"),
    ]
    assert (
        client.get(
            reverse("admin:knowledge_thesaurusconcept_change", args=[concept.pk])
        ).status_code
        == 200
    )


def test_a_useful_mark_keeps_the_thesaurus_that_an_edit_of_a_concept_replaces():
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from knowledge.services.engagement import useful_toggle

    practice = PracticeFactory(title="Mine detection dogs in Angola")
    thesaurus()

    def thesaurus_reads() -> int:
        with CaptureQueriesContext(connection) as queries:
            thesaurus()
        return sum("knowledge_thesaurusterm" in query["sql"] for query in queries)

    # A reader's click writes the practice table: the thesaurus is not read again for it.
    useful_toggle(practice=practice, user=UserFactory())
    assert thesaurus_reads() == 0

    # An editor changing only a concept's themes is seen by the next search.
    ThesaurusConcept.objects.filter(slug="mine-detection-dog").update(themes=["manual-clearance"])
    assert thesaurus_reads() == 1
    concept = next(c for c in thesaurus().concepts if c.slug == "mine-detection-dog")
    assert concept.themes == ("manual-clearance",)
