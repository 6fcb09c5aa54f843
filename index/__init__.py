"""speechbot's core: sources, the offline index, and answers with verified quotes. No Discord, no CLI."""

import importlib.util
import os
from pathlib import Path

# llama-index ships a tiktoken cache; pointing tiktoken at it keeps token counting offline.
_spec = importlib.util.find_spec("llama_index")
if _spec and _spec.submodule_search_locations:
    _cache = Path(next(iter(_spec.submodule_search_locations))) / "core" / "_static" / "tiktoken_cache"
    if _cache.is_dir():
        os.environ.setdefault("TIKTOKEN_CACHE_DIR", str(_cache))
# chromadb must never phone home.
os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")
