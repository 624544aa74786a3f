"""How demonstration data is marked (``frontdesk.stats.demo``): light enough for the
start-up retention job and the sync to check without loading the generator."""

import uuid

DEMO_DEVICE = uuid.UUID("de300000-0000-4000-8000-00000000de30")  # "demo" device, fixed
DEMO_SETTING = "demo_data"  # present while demonstration visits are in the base
