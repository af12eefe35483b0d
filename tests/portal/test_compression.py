import gzip

import pytest
from django.urls import reverse

from tests.knowledge.factories import PracticeFactory

pytestmark = pytest.mark.django_db


def test_pages_are_compressed_for_browsers_that_accept_gzip(client):
    PracticeFactory.create_batch(3)
    url = reverse("knowledge:practice-list")
    plain = client.get(url)
    compressed = client.get(url, headers={"accept-encoding": "gzip, deflate, br"})
    assert "Content-Encoding" not in plain
    assert compressed["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in compressed["Vary"]
    assert len(compressed.content) < len(plain.content) / 2
    assert b"Practice number" in gzip.decompress(compressed.content)
