"""The loopback Chroma server a test starts stops by itself, even when the test run is killed."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="parent-death signal is Linux's")


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    stat = Path(f"/proc/{pid}/stat").read_text()
    return stat.split(") ", 1)[1][0] != "Z"  # a zombie has exited


def test_a_server_outlives_no_killed_test_run(tmp_path: Path) -> None:
    script = textwrap.dedent(
        f"""
        import sys, time
        from pathlib import Path
        from speechbot.testing.chroma_server import ChromaServer, free_port
        server = ChromaServer(Path({str(tmp_path)!r}), free_port())
        server.start()
        print(server.proc.pid, flush=True)
        time.sleep(600)
        """
    )
    runner = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, text=True)
    server_pid = 0
    try:
        assert runner.stdout is not None
        server_pid = int(runner.stdout.readline())
        assert _alive(server_pid)
        runner.send_signal(signal.SIGKILL)  # no teardown runs
        runner.wait(timeout=10)
        deadline = time.monotonic() + 20
        while _alive(server_pid) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert not _alive(server_pid)
    finally:
        runner.kill()
        if server_pid and _alive(server_pid):  # the test failed: do not leave the server behind
            os.kill(server_pid, signal.SIGKILL)
