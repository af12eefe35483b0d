import pytest
from django.contrib.auth.models import AnonymousUser

from knowledge.selectors import search_suggestion

from .factories import PracticeFactory

pytestmark = pytest.mark.django_db


def suggest(q: str, **kwargs: object) -> str:
    return search_suggestion(q=q, user=AnonymousUser(), **kwargs)


def test_a_query_that_finds_the_practice_gets_no_suggestion_mixing_languages():
    PracticeFactory(title="Libertação de terras nas nascentes do Okavango", language="pt")
    PracticeFactory(title="Del desminado humanitario al desarrollo rural", language="es")

    assert suggest("libertação de terras") == ""


def test_short_words_are_never_respelled():
    PracticeFactory(title="Del desminado humanitario", language="es")

    assert suggest("desminado de") == ""


def test_a_respelling_takes_every_word_from_one_language():
    PracticeFactory(title="Levantamento das nascentes", language="pt")
    PracticeFactory(title="Levantamiento de las nacientes", language="es")

    assert suggest("levantamientto nascentess") in {
        "levantamento nascentes",
        "levantamiento nacientes",
    }


def test_a_query_that_finds_enough_gets_no_suggestion():
    for n in range(2):
        PracticeFactory(title=f"Survey dogs {n}", body="survay")
    PracticeFactory(title="Survey teams")

    # "survay" finds two practices (their text); "survey" finds three: not far more.
    assert suggest("survay") == ""


def test_a_query_that_finds_far_fewer_than_its_respelling_gets_it():
    PracticeFactory(title="Rats", body="Okavngo")
    for n in range(4):
        PracticeFactory(title=f"Okavango headwaters {n}")

    assert suggest("Okavngo", found=1) == "okavango"


def test_thesaurus_words_are_never_respelled():
    PracticeFactory(title="Nets and tents")

    assert suggest("NTS") == ""
