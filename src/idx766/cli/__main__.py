"""``python -m idx766.cli``."""

import sys

from idx766.cli import main

sys.exit(main())
