"""Errors reported (issue 16): the admins' email goes through the outbox, logs are JSON lines
with the request's id, and the id is sent back."""

import json
import logging
import sys

import pytest
from django.core import mail
from django.test import RequestFactory

from portal import request_id
from portal.logging import JsonFormatter, OutboxAdminEmailHandler, RequestIdFilter
from portal.models import Email

ADMINS = [("Ana Silva", "ana@example.org"), ("Ops", "ops@example.org")]


def _error_record(request: object) -> logging.LogRecord:
    try:
        raise RuntimeError("the report builder broke")
    except RuntimeError:
        exc_info = sys.exc_info()
    record = logging.getLogger("django.request").makeRecord(
        "django.request",
        logging.ERROR,
        __file__,
        1,
        "Internal Server Error: %s",
        ("/practices/",),
        exc_info,
        extra={"request": request, "status_code": 500},
    )
    return record


@pytest.mark.django_db
def test_an_unhandled_error_queues_a_report_to_each_admin_and_sends_nothing(settings):
    settings.ADMINS = ADMINS
    request = RequestFactory().get("/practices/")

    OutboxAdminEmailHandler().emit(_error_record(request))

    emails = Email.objects.order_by("to")
    assert [email.to for email in emails] == ["ana@example.org", "ops@example.org"]
    assert all("Internal Server Error: /practices/" in email.subject for email in emails)
    assert all("the report builder broke" in email.body_text for email in emails)
    assert all(email.status == Email.Status.QUEUED for email in emails)
    assert mail.outbox == []


@pytest.mark.django_db
def test_no_admins_no_report(settings):
    settings.ADMINS = []

    OutboxAdminEmailHandler().emit(_error_record(RequestFactory().get("/")))

    assert not Email.objects.exists()


def test_djangos_errors_go_to_the_outbox_handler_alone():
    """Django's own AdminEmailHandler, which sends by SMTP at once, is replaced."""
    handlers = logging.getLogger("django").handlers

    assert [type(handler) for handler in handlers] == [OutboxAdminEmailHandler]


def test_the_admins_setting_reads_names_and_addresses():
    from email.utils import getaddresses

    value = "Ana Silva <ana@example.org>,ops@example.org"

    assert [pair for pair in getaddresses([value]) if pair[1]] == [
        ("Ana Silva", "ana@example.org"),
        ("", "ops@example.org"),
    ]


def test_a_json_log_line_has_the_level_message_logger_and_request_id():
    record = logging.getLogger("knowledge").makeRecord(
        "knowledge", logging.WARNING, __file__, 1, "Search index %s behind", ("3",), None
    )
    token = request_id.current.set("req-0123456789")
    try:
        RequestIdFilter().filter(record)
    finally:
        request_id.current.reset(token)

    line = json.loads(JsonFormatter().format(record))

    assert line["level"] == "WARNING"
    assert line["message"] == "Search index 3 behind"
    assert line["logger"] == "knowledge"
    assert line["request_id"] == "req-0123456789"
    assert line["time"].endswith("+00:00")


def test_a_json_log_line_carries_the_exception():
    record = _error_record(None)
    RequestIdFilter().filter(record)

    line = json.loads(JsonFormatter().format(record))

    assert line["request_id"] == "-"
    assert line["status_code"] == 500
    assert "RuntimeError: the report builder broke" in line["exception"]


@pytest.mark.django_db
def test_the_request_id_the_proxy_sent_comes_back(client):
    response = client.get("/healthz", HTTP_X_REQUEST_ID="f3b1c2d4-proxy-0001")

    assert response["X-Request-ID"] == "f3b1c2d4-proxy-0001"


@pytest.mark.django_db
def test_a_request_without_a_valid_id_gets_a_new_one(client):
    first = client.get("/healthz")["X-Request-ID"]
    forged = client.get("/healthz", HTTP_X_REQUEST_ID="x\ninjected: yes")["X-Request-ID"]

    assert len(first) == 32
    assert forged != "x\ninjected: yes"
    assert len(forged) == 32 and forged != first


@pytest.mark.django_db
def test_the_log_line_of_a_request_carries_its_id(client, caplog):
    with caplog.at_level(logging.WARNING, logger="django.request"):
        client.get("/practices/no-such-practice/", HTTP_X_REQUEST_ID="trace-404-abcdef")

    (record,) = [record for record in caplog.records if record.name == "django.request"]
    RequestIdFilter().filter(record)
    assert json.loads(JsonFormatter().format(record))["request_id"] == "trace-404-abcdef"
