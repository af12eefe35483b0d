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


@pytest.mark.django_db(transaction=True)
def test_readers_keep_the_previous_value_while_one_process_computes_the_new_one():
    import threading

    from portal.datachanges import cached_latest

    assert cached_latest("trainings", "words", lambda: "old") == "old"
    with connection.cursor() as cursor:
        cursor.execute("UPDATE trainings_person SET phone = phone")
    computing, release = threading.Event(), threading.Event()

    def slow() -> str:
        computing.set()
        release.wait(10)
        return "new"

    def other_process() -> None:
        try:
            cached_latest("trainings", "words", slow)
        finally:
            connection.close()

    worker = threading.Thread(target=other_process)
    worker.start()
    try:
        assert computing.wait(10)
        # Another reader meanwhile is answered at once, with what there was.
        assert cached_latest("trainings", "words", lambda: "computed twice") == "old"
    finally:
        release.set()
        worker.join(10)
    assert cached_latest("trainings", "words", lambda: "computed twice") == "new"

    # With nobody computing, a change is computed by the reader that meets it.
    with connection.cursor() as cursor:
        cursor.execute("UPDATE trainings_person SET phone = phone")
    assert cached_latest("trainings", "words", lambda: "newer") == "newer"
