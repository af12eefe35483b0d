"""HEAD is answered wherever GET is (link checkers and monitors send HEAD)."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("name", ["home", "knowledge:practice-list"])
def test_head_is_answered_like_get(client, name):
    response = client.head(reverse(name))
    assert response.status_code == 200
    assert response.content == b""
