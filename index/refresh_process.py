"""Refreshing in a child process: the build's CPU time (embedding, Chroma writes, the GIL) stays off the
interpreter that answers questions.

The child takes the refresh lock itself, builds, and switches the live pointer; the serving process
notices the switch as it notices any other process's refresh. Killed, the child leaves the live index
serving (a build is only made live when whole) and the kernel releases its lock.

    python -m index.refresh_process      # reads {"settings", "who", "force"} as JSON on stdin
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

from index import errors
from index.build import refresh
from index.embedding import embedder
from index.messages import message
from index.results import RefreshReport
from index.settings import Settings, SettingsError
from index.store.factory import chroma_client, version_store

log = logging.getLogger(__name__)

# The build is background work: it yields the cores to answering, and uses one core at most (the
# embedding model has one thread; these cap the thread pools of Chroma's and numpy's libraries).
CHILD_NICENESS = 19
ONE_CORE = {"OMP_NUM_THREADS": "1", "OPENBLAS_NUM_THREADS": "1", "MKL_NUM_THREADS": "1", "RAYON_NUM_THREADS": "1"}
_ERRORS: dict[str, type[errors.SpeechbotError]] = {
    "RefreshInProgress": errors.RefreshInProgress,
    "SourceError": errors.SourceError,
    "IndexNotReady": errors.IndexNotReady,
    "DataDirUnwritable": errors.DataDirUnwritable,
    "SettingsError": SettingsError,
    "StoreUnavailable": errors.StoreUnavailable,
}


class RefreshFailed(errors.SpeechbotError):
    """The refresh process stopped without a result (killed, or it crashed)."""


def settings_to_json(settings: Settings) -> dict[str, Any]:
    return settings.model_dump(mode="json")


def settings_from_json(data: dict[str, Any]) -> Settings:
    return Settings.model_validate(data)


def refresh_in_child(settings: Settings, *, who: str, force: bool = False) -> RefreshReport:
    """Run a refresh in a new Python process and return its report; its errors are raised here."""
    package_root = str(Path(__file__).resolve().parent.parent)
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(p for p in (package_root, env.get("PYTHONPATH")) if p)
    env.update(ONE_CORE)
    request = json.dumps(
        {
            "settings": settings_to_json(settings),
            "who": who,
            "force": force,
            # the bot's log level, when the bot asked (the core's settings have none)
            "log_level": str(getattr(settings, "log_level", "INFO")),
        }
    )
    proc = subprocess.run(
        [sys.executable, "-m", "index.refresh_process"],
        input=request,
        stdout=subprocess.PIPE,  # the result; the child's logs go to our stderr
        text=True,
        env=env,
        check=False,
    )
    lines = [line for line in proc.stdout.splitlines() if line.strip()]
    try:
        result = json.loads(lines[-1])
    except (IndexError, ValueError):
        how = f"signal {-proc.returncode}" if proc.returncode < 0 else f"exit code {proc.returncode}"
        log.error("the refresh process stopped without a result (%s)", how)
        raise RefreshFailed(message("refresh.stopped", how=how)) from None
    if "report" in result:
        return RefreshReport(**result["report"])
    raise _ERRORS.get(result.get("error", ""), errors.SpeechbotError)(
        result.get("message") or message("refresh.failed.unsaid")
    )


def main() -> int:
    # Anything a library prints must not mix with the result: stdout becomes stderr, the result its own fd.
    result_out = os.fdopen(os.dup(1), "w", encoding="utf-8")
    os.dup2(2, 1)
    request = json.loads(sys.stdin.read())
    settings = settings_from_json(request["settings"])
    logging.basicConfig(
        level=getattr(logging, str(request.get("log_level", "INFO")), logging.INFO),
        format="%(asctime)s %(levelname)s %(name)s [refresh]: %(message)s",
        stream=sys.stderr,
    )
    with contextlib.suppress(OSError):
        os.nice(CHILD_NICENESS)
    try:
        client = chroma_client(settings)
        report = refresh(
            settings,
            embedder(settings),
            client,
            version_store(settings, client),
            who=request["who"],
            force=request["force"],
        )
        result: dict[str, Any] = {"report": report.to_dict()}
    except errors.SpeechbotError as exc:
        result = {"error": type(exc).__name__, "message": str(exc)}
    except Exception as exc:  # the parent shows one sentence; the traceback goes to the log
        log.exception("the refresh failed")
        result = {"error": "unexpected", "message": message("refresh.failed", error=type(exc).__name__)}
    with contextlib.suppress(BrokenPipeError):  # the parent is gone: the refresh itself is done either way
        result_out.write(json.dumps(result, ensure_ascii=False) + "\n")
        result_out.flush()
    return 0


if __name__ == "__main__":
    sys.exit(main())
