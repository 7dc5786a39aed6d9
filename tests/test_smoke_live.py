"""The README's server: `qms run` serves the demo city over HTTP and Socket.IO."""

import requests


def test_the_demo_city_is_served(live_server):
    centers = requests.get(live_server.url + "/api/v1/centers", timeout=10).json()
    assert {c["code"] for c in centers} == {"jingan-district", "pengpu-community"}
    spec = requests.get(live_server.url + "/api/openapi.json", timeout=10).json()
    assert spec["openapi"].startswith("3.")
    assert "/api/v1/centers/{center_id}/tickets" in spec["paths"]
    assert requests.get(live_server.url + "/api/docs", timeout=10).status_code == 200


def test_the_landing_page_leads_to_every_screen(live_server):
    page = requests.get(live_server.url + "/", timeout=10)
    assert page.status_code == 200
    for link in ("/kiosk/1", "/display/2", "/counter/", "/dashboard/", "/book/?center=2"):
        assert f'href="{link}"' in page.text
        assert requests.get(live_server.url + link, timeout=10).status_code == 200
