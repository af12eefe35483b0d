"""The embedded Valkey keeps its data across a restart (issue 15: queued tasks vanished)."""

import redis

from portal import devservices


def test_embedded_valkey_keeps_queued_work_across_a_restart(tmp_path, monkeypatch):
    monkeypatch.setattr(devservices, "VALKEY_DIR", tmp_path / "valkey")
    monkeypatch.setattr(devservices, "VALKEY_PORT", 56391)
    assert devservices.start_valkey()
    try:
        client = redis.Redis(port=56391)
        client.lpush("celery", "a queued task")
        devservices.stop_valkey()
        assert devservices.start_valkey()
        assert client.lrange("celery", 0, -1) == [b"a queued task"]
    finally:
        devservices.stop_valkey()
