"""`python -m bot`: run the Discord bot in the foreground."""

import sys

from bot import run

sys.exit(run())
