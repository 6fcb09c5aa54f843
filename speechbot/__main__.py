from speechbot.cli import main
import sys
sys.exit(main())
