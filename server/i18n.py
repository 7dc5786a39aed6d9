"""The language a page speaks: zh or en."""

from __future__ import annotations

from flask import current_app, request

LANGS = ("zh", "en")


def page_lang(*, browser: bool = False) -> str:
    """`?lang=` first; with `browser` (a page a resident opens on their own phone or
    computer) then the `lang` cookie and the browser's languages; else the hall's default
    language (BABEL_DEFAULT_LOCALE: a hall screen's own browser language says nothing about
    the hall). A page keeps a choice made on it."""
    chosen = request.args.get("lang")
    if browser:
        chosen = chosen or request.cookies.get("lang")
        if chosen not in LANGS:
            chosen = request.accept_languages.best_match(LANGS)
    chosen = chosen or current_app.config["BABEL_DEFAULT_LOCALE"]
    return "en" if chosen == "en" else "zh"


def answer_lang() -> str:
    """The language of an API answer's message: `?lang=`, else the request's
    `Accept-Language` (the pages send their own language), else English, the API's
    language for programs that state none."""
    chosen = request.args.get("lang")
    if chosen not in LANGS:
        chosen = request.accept_languages.best_match(LANGS)
    return "zh" if chosen == "zh" else "en"

