"""The board's offline voice: shipped clips say every call in Chinese and English, played word
by word; the browser's engine stands in where clips cannot play; a board with neither says so."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import requests
from playwright.sync_api import expect

from tests.boards.live import LiveHall
from tests.boards.pages import TV, open_page
from tests.waiting import eventually

pytestmark = pytest.mark.browser
VOICE = Path(__file__).resolve().parents[2] / "display" / "static" / "voice"
PLAYED = """
window.__played = [];
const play = HTMLMediaElement.prototype.play;
HTMLMediaElement.prototype.play = function () {
  window.__played.push(new URL(this.src).pathname);
  return play.call(this);
};
"""
NO_VOICE = """
HTMLMediaElement.prototype.canPlayType = () => "";
delete window.speechSynthesis;
delete Object.getPrototypeOf(window).speechSynthesis;
"""


def test_the_clips_are_small_and_cover_every_word():
    manifest = json.loads((VOICE / "manifest.json").read_text())
    for lang, names in manifest.items():
        assert {p.stem for p in (VOICE / lang).glob("*.ogg")} == set(names)
        assert {*"0123456789", *"abcdefghijklmnopqrstuvwxyz"} <= set(names)
    assert sum(p.stat().st_size for p in VOICE.rglob("*.ogg")) < 2 * 1024 * 1024


def test_a_call_is_said_with_the_clips(live_server, browser):
    hall = LiveHall(live_server, "pengpu-community")
    clerk = hall.new_clerk()
    w = hall.window(12)
    hall.open(clerk, w)
    hall.take(hall.item_for(w))
    context = browser.new_context(viewport=TV)
    context.add_init_script(PLAYED)
    try:
        board = open_page(context, f"{hall.url}/display/{hall.center_id}?voice=on")
        board.locator("body").click()
        number = hall.act(clerk, w, "call-next").json()["number"]
        said = eventually(lambda: board.evaluate("window.__announcements")[-1:],
                          what="the announcement")[0]
        assert said["engine"] == "clips"
        chars = list(number.lower())
        assert said["clips"]["zh"] == ["please", *chars, "number", "go_to", "ten", "2",
                                       "window", "handle"]
        assert said["clips"]["en"] == ["number", *chars, "please_go_to_window", "n12"]
        expected = [f"/display/static/voice/{lang}/{c}.ogg"
                    for lang in ("zh", "en") for c in said["clips"][lang]]
        for path in set(expected):
            assert requests.get(hall.url + path, timeout=10).status_code == 200, path
        played = eventually(lambda: (p := board.evaluate("window.__played")) == expected and p,
                            timeout=30, what="every clip played in order")
        assert played == expected
        expect(board.locator("#voice-toggle")).to_have_attribute("data-engine", "clips")
    finally:
        context.close()
        hall.act(clerk, w, "no-show")
        hall.act(clerk, w, "close")


def test_a_board_that_cannot_speak_says_so(live_server, browser):
    hall = LiveHall(live_server, "pengpu-community")
    context = browser.new_context(viewport=TV)
    context.add_init_script(NO_VOICE)
    try:
        board = open_page(context, f"{hall.url}/display/{hall.center_id}?voice=on")
        expect(board.locator("#voice-toggle")).to_have_attribute("data-engine", "none")
        expect(board.locator("#voice-label")).to_have_text("本屏无法播放语音")
    finally:
        context.close()
