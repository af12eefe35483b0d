import factory
from django.utils import timezone

from knowledge.markdown import render
from knowledge.models import Outcome, Practice, Theme
from tests.factories import UserFactory


class ThemeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Theme
        django_get_or_create = ["slug"]

    name = factory.Sequence(lambda n: f"Theme {n}")
    slug = factory.Sequence(lambda n: f"theme-{n}")


class PracticeFactory(factory.django.DjangoModelFactory):
    """A published public practice unless told otherwise."""

    class Meta:
        model = Practice
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Practice number {n}")
    slug = factory.Sequence(lambda n: f"practice-{n}")
    summary = "A short summary of what was done and what changed."
    body = "## What was done\n\nA team changed how it works."
    body_html = factory.LazyAttribute(lambda o: render(o.body))
    kind = Practice.Kind.GOOD_PRACTICE
    countries = factory.LazyFunction(lambda: ["KH"])
    language = "en"
    year_start = 2020
    status = Practice.Status.PUBLISHED
    published_at = factory.LazyFunction(timezone.now)
    author = factory.SubFactory(UserFactory)

    @factory.post_generation
    def themes(self, create: bool, extracted: list | None, **kwargs: object) -> None:
        if create and extracted:
            self.themes.set(extracted)


class OutcomeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Outcome
        skip_postgeneration_save = True

    practice = factory.SubFactory(PracticeFactory)
    indicator = "Days per non-technical survey"
    baseline = 20
    result = 7
    unit = "days"

    @factory.post_generation
    def mark_practice(self, create: bool, extracted: object, **kwargs: object) -> None:
        if create:
            Practice.objects.filter(pk=self.practice_id).update(has_outcomes=True)
