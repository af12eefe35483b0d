import pytest
from django.db import connection

from portal.datachanges import cached, data_version, prune

pytestmark = pytest.mark.django_db


def test_a_cached_value_lasts_until_a_watched_table_is_written_by_any_means():
    calls = []

    def compute() -> int:
        calls.append(1)
        return len(calls)

    assert cached("trainings", "probe", compute) == 1
    assert cached("trainings", "probe", compute) == 1  # from the cache

    with connection.cursor() as cursor:
        cursor.execute("UPDATE trainings_person SET phone = phone")  # raw SQL, no rows even
    assert cached("trainings", "probe", compute) == 2


def test_writes_to_tables_a_topic_does_not_read_leave_its_version_alone():
    before = data_version("trainings")
    with connection.cursor() as cursor:
        cursor.execute("UPDATE trainings_programme SET name = name")  # not counted by itself
    assert data_version("trainings") == before


def test_pruning_the_log_moves_every_pruned_topics_version_to_a_new_value():
    with connection.cursor() as cursor:
        cursor.execute("UPDATE trainings_person SET phone = phone")
        cursor.execute(
            "UPDATE portal_datachange SET changed_at = now() - interval '2 days'"
            " WHERE topic = 'trainings'"
        )
    before = data_version("trainings")

    assert prune() >= 1

    after = data_version("trainings")
    assert after != before
    _oid, count, _last = after.split(":")
    assert count == "1"
