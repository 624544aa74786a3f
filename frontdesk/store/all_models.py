"""Imports every module that declares tables, so ``Base.metadata`` is complete.

Alembic's env and the model/migration agreement test import this; each feature that
adds tables adds its module here.
"""

from frontdesk.contacts import models as contact_models  # noqa: F401
from frontdesk.stats import models as stats_models  # noqa: F401
from frontdesk.store import models  # noqa: F401
from frontdesk.sync import models as sync_models  # noqa: F401
from frontdesk.visits import models as visit_models  # noqa: F401
