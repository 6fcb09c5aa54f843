import sys

from speechbot.cli import main

sys.exit(main())
