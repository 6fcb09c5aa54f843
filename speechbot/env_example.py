"""`.env.example`, generated from the declared settings of both layers.

Regenerate with `python -m speechbot.env_example > .env.example`.

The fields' descriptions are the one place each variable is documented; a test checks the file is current.
"""

from __future__ import annotations

import sys
import textwrap

from pydantic.fields import FieldInfo

from bot.settings import BotSettings
from index.settings import Settings, env_name

HEADER = (
    "# speechbot settings. Copy to .env (in the folder you run speechbot from) and fill in what you use;\n"
    "# real environment variables win over .env. Nothing here is required for `speechbot ask`: with no keys it\n"
    "# works offline. Generated from the settings classes (index/settings.py, bot/settings.py):\n"
    "# python -m speechbot.env_example > .env.example\n"
)


def _default(field: FieldInfo) -> str:
    if field.default_factory is not None or field.default is None:
        return ""
    value = field.default
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def documented_fields() -> list[FieldInfo]:
    """Every variable a person may set, core first, in declaration order (XDG_DATA_HOME is the system's)."""
    fields = [
        *Settings.model_fields.values(),
        *(f for n, f in BotSettings.model_fields.items() if n not in Settings.model_fields),
    ]
    return [f for f in fields if f.description]


def render() -> str:
    out = [HEADER]
    for field in documented_fields():
        extra = field.json_schema_extra
        section = extra.get("section") if isinstance(extra, dict) else None
        if section:
            out.append(f"\n# --- {section} " + "-" * max(3, 96 - len(str(section))) + "\n")
        comment = textwrap.fill(str(field.description), width=104, initial_indent="# ", subsequent_indent="# ")
        out.append(f"{comment}\n{env_name(field)}={_default(field)}\n")
    return "".join(out)


if __name__ == "__main__":
    sys.stdout.write(render())
