"""Make the hall board's offline voice: one small Ogg/Opus clip per word of a call, in Chinese
and English, which display/static/announcer.js plays in sequence.

    python -m display.make_voice        # needs espeak-ng and opusenc (Debian: apt-get install
                                        # espeak-ng opus-tools); run once, commit the clips

Why clips and not a packaged engine: a call is built from a few dozen words (digits, letters,
"号", "请到", "窗口"...), so about 80 short clips (well under 1 MB) say every call in both
languages, play on any board whose browser plays Opus, and need nothing at run time; an
engine compiled for the browser (espeak-ng as WebAssembly with its Mandarin dictionary) is
several megabytes, and the browser's own engine has no zh-CN voice on many boards. The clips
are generated with espeak-ng (GPL-3.0 program; its output is not covered by it), so anyone
can regenerate them, or replace them with recordings of the hall's own announcer under the
same names.
"""

from __future__ import annotations

import json
import string
import subprocess
import tempfile
from pathlib import Path

OUT = Path(__file__).resolve().parent / "static" / "voice"

DIGITS_ZH = "零一二三四五六七八九"
ZH = {
    **{d: DIGITS_ZH[int(d)] for d in string.digits},
    **{c.lower(): c for c in string.ascii_uppercase},
    "ten": "十", "please": "请", "number": "号", "go_to": "到", "window": "号窗口",
    "handle": "办理", "again": "再次呼叫",
}
EN_NUMBERS = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine",
              "ten", "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen",
              "seventeen", "eighteen", "nineteen"]
EN_TENS = ["twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]
EN = {
    **{str(n): w for n, w in enumerate(EN_NUMBERS[:10])},
    **{c.lower(): c for c in string.ascii_uppercase},
    **{f"n{n}": w for n, w in enumerate(EN_NUMBERS) if n >= 10},
    **{f"n{t}0": w for t, w in zip(range(2, 10), EN_TENS, strict=True)},
    "number": "Number", "please_go_to_window": "please go to window", "again": "Calling again",
}
VOICES = {"zh": ("cmn", ZH), "en": ("en-us", EN)}


def make(name: str, text: str, voice: str, folder: Path) -> None:
    with tempfile.NamedTemporaryFile(suffix=".wav") as wav:
        subprocess.run(["espeak-ng", "-v", voice, "-s", "150", "-w", wav.name, text],
                       check=True)
        subprocess.run(["opusenc", "--quiet", "--bitrate", "16", "--downmix-mono",
                        wav.name, str(folder / f"{name}.ogg")], check=True)


def main() -> None:
    manifest = {}
    for lang, (voice, words) in VOICES.items():
        folder = OUT / lang
        folder.mkdir(parents=True, exist_ok=True)
        for name, text in words.items():
            make(name, text, voice, folder)
        manifest[lang] = sorted(words)
    (OUT / "manifest.json").write_text(json.dumps(manifest, indent=1) + "\n")
    total = sum(p.stat().st_size for p in OUT.rglob("*.ogg"))
    print(f"{sum(len(v) for v in manifest.values())} clips, {total / 1024:.0f} KiB in {OUT}")


if __name__ == "__main__":
    main()
