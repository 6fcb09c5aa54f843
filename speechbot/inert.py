"""Text from outside (questions, file names, model output, translations) made inert for a terminal."""

from __future__ import annotations

import re
import unicodedata

# Escape sequences: CSI (colours, clearing the screen), OSC (window titles, OSC-8 hyperlinks; ended by BEL
# or ST), and the other ESC-introduced strings (DCS, SOS, PM, APC), then two-character escapes.
_ESCAPES = re.compile(
    r"\x1b\[[0-?]*[ -/]*[@-~]"
    r"|\x1b[\]PX^_].*?(?:\x07|\x1b\\|\x9c|$)"
    r"|[\x90\x98\x9d\x9e\x9f].*?(?:\x07|\x1b\\|\x9c|$)"
    r"|\x9b[0-?]*[ -/]*[@-~]"
    r"|\x1b[ -/]*[0-~]?",
    re.DOTALL,
)


def for_terminal(text: str) -> str:
    """`text` without escape sequences, control characters (line breaks and tabs stay), direction
    overrides or other invisible format characters, and without bytes that are not UTF-8."""
    text = _ESCAPES.sub("", text)
    return "".join(ch for ch in text if ch in "\n\t" or unicodedata.category(ch) not in ("Cc", "Cf", "Cs"))


def valid_text(text: str) -> str:
    """`text` as valid Unicode: bytes that were not UTF-8 (kept as lone surrogates) become U+FFFD."""
    return _SURROGATE.sub("\ufffd", text)


_SURROGATE = re.compile("[\ud800-\udfff]")
