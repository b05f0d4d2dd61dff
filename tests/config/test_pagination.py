"""The resource API's pages: a page past any list is a 404, whatever its number."""

import pytest
from rest_framework.test import APIClient

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("page", ["2", "99999", "3848716394506111361332068957598777344"])
def test_a_page_past_the_end_of_a_list_is_a_404_however_far(world, page):
    client = APIClient()
    client.force_authenticate(world.owner)

    assert client.get("/api/v1/projects/", {"page": page}).status_code == 404


def test_the_first_page_of_an_empty_list_counts_nothing(world):
    client = APIClient()
    client.force_authenticate(world.owner)

    assert client.get("/api/v1/projects/").json()["count"] == 0
