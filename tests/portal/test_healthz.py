import pytest
from django.urls import reverse


@pytest.mark.django_db
def test_healthz_is_503_and_names_redis_when_redis_is_unreachable(client, settings):
    settings.REDIS_URL = "redis://127.0.0.1:9/0"
    response = client.get(reverse("healthz"))
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "error"
    assert body["database"] == "ok"
    assert body["redis"].startswith("error")
    assert body["celery"] != "ok"


@pytest.mark.django_db
def test_healthz_is_503_when_no_celery_worker_answers(client):
    response = client.get(reverse("healthz"))
    assert response.status_code == 503
    assert response.json() | {"celery": None} == {
        "status": "error",
        "database": "ok",
        "redis": "ok",
        "celery": None,
    }


def test_healthz_reports_all_ok_with_a_worker_running(client, celery_worker):
    response = client.get(reverse("healthz"))
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "redis": "ok", "celery": "ok"}
    assert response["Cache-Control"].startswith("max-age=0")


def test_healthz_stops_waiting_at_the_first_worker_that_answers(client, celery_worker, monkeypatch):
    from portal.celery import app

    calls = []
    ping = app.control.ping

    def recorded(*args: object, **kwargs: object) -> object:
        calls.append(kwargs)
        return ping(*args, **kwargs)

    monkeypatch.setattr(app.control, "ping", recorded)
    assert client.get(reverse("healthz")).json()["celery"] == "ok"
    assert calls and calls[0]["limit"] == 1
    assert calls[0]["timeout"] < 1
