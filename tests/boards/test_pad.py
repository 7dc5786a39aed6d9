"""The rating pad on an 800x1280 tablet: whole words, the clerk shown, and the right service
rated (the question ends the moment the next resident is called)."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.boards.live import LiveHall
from tests.boards.pages import open_page

pytestmark = pytest.mark.browser
PAD = {"width": 800, "height": 1280}

ONE_LINE = """el => {
  const style = getComputedStyle(el);
  const line = parseFloat(style.lineHeight) || parseFloat(style.fontSize) * 1.6;
  const box = el.getBoundingClientRect(), card = el.closest('button').getBoundingClientRect();
  return box.height < line * 1.5 && box.left >= card.left && box.right <= card.right &&
    el.scrollWidth <= el.clientWidth + 1;
}"""


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_pad_shows_the_clerk_whole_words_and_rates_the_right_service(
        live_server, browser, screenshot, lang):
    hall = LiveHall(live_server, "pengpu-community")
    clerk = hall.new_clerk()
    w = hall.window(5 if lang == "zh" else 6)
    hall.open(clerk, w)
    item = hall.item_for(w)
    first, second = hall.take(item), hall.take(item)
    context = browser.new_context(viewport=PAD, has_touch=True)
    try:
        pad = open_page(context, f"{hall.url}/pad/{w['id']}?lang={lang}")
        expect(pad.locator("#clerk-name")).to_have_text(clerk.username)
        expect(pad.locator("#clerk-no")).to_have_text(clerk.username)

        assert hall.act(clerk, w, "call-next").json()["number"] == first["number"]
        hall.act(clerk, w, "complete")
        expect(pad.locator("#ask")).to_be_visible()
        expect(pad.locator("#ask-ticket")).to_contain_text(first["number"])
        screenshot(pad, f"pad-ask-{lang}")
        assert pad.evaluate("document.scrollingElement.scrollHeight <= innerHeight"), \
            "the question and its five faces fit the pad without scrolling"
        labels = pad.locator(".pd-score .pd-first, .pd-score .pd-second")
        expect(labels).to_have_count(10)
        for i in range(10):
            label = labels.nth(i)
            assert label.evaluate(ONE_LINE), f"{label.inner_text()!r} breaks or overflows"
        expect(pad.locator(".pd-score-2")).to_contain_text("不满意")
        expect(pad.locator(".pd-score-2")).to_contain_text("Dissatisfied")

        assert hall.act(clerk, w, "call-next").json()["number"] == second["number"]
        expect(pad.locator("#rest")).to_be_visible()
        expect(pad.locator("#ask")).to_be_hidden()
        expect(pad.locator("#serving-number")).to_have_text(second["number"])
        assert hall.rows("SELECT COUNT(*) FROM ratings r JOIN tickets t ON t.id = r.ticket_id "
                         "WHERE t.number = ? AND t.center_id = ?",
                         first["number"], hall.center_id) == [(0,)]
    finally:
        context.close()
        hall.act(clerk, w, "complete")
        hall.act(clerk, w, "close")
