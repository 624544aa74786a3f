"""``python -m frontdesk`` opens the application."""

import sys

from frontdesk.ui.app import main

sys.exit(main())
