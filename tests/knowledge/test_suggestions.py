import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import connection

from knowledge.selectors import search_suggestion
from knowledge.selectors.suggestions import Vocabulary, trigrams

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


PAIRS = [
    ("survay", "survey"),
    ("non-technical", "nontechnical"),
    ("déminage", "deminage"),
    ("Okavngo", "okavango"),
    ("Олена", "олена"),
    ("Оленa", "Olena"),
    ("محمد", "محمود"),
    ("ສົມພອນ", "ສົມພອນວົງ"),
    ("Nguyễn", "nguyen"),
    ("levantamientto", "levantamiento"),
    ("mine-action 2024", "mine action"),
]


def test_words_are_compared_as_postgresql_trigrams_compare_them():
    # Did-you-mean computes pg_trgm's similarity itself (decision in suggestions.Vocabulary):
    # for every script it must agree with PostgreSQL's.
    with connection.cursor() as cursor:
        for a, b in PAIRS:
            cursor.execute("SELECT similarity(%s, %s)", [a, b])
            expected = cursor.fetchone()[0]
            grams_a, grams_b = trigrams(a), trigrams(b)
            common = len(grams_a & grams_b)
            assert common / (len(grams_a) + len(grams_b) - common) == pytest.approx(
                expected, abs=1e-6
            ), (a, b)


def test_the_closest_word_is_the_most_similar_of_the_language_then_the_first():
    vocabulary = Vocabulary(
        [("survey", "en"), ("surveys", "en"), ("survei", "en"), ("encuesta", "es")]
    )
    # "survey" and "survei" share 4 of 10 trigrams with "survay": the first in code point order.
    assert vocabulary.closest("survay", "en") == ("survei", pytest.approx(0.4, abs=1e-6))
    assert vocabulary.closest("surveyz", "en") == ("survey", pytest.approx(2 / 3, abs=1e-6))
    assert vocabulary.closest("survay", "es") is None
