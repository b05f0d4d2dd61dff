"""The browser stays on the machine too: it knows no name but localhost."""

import pytest
from playwright.sync_api import Error

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_browser_cannot_look_up_a_name_off_the_machine_but_reaches_the_live_server(new_page):
    with pytest.raises(Error, match="ERR_NAME_NOT_RESOLVED"):
        new_page().goto("http://example.com/")
    assert new_page().goto("/healthz").ok
