"""Load and validate every bundled data file at once.

Start-up calls this before anyone can work: a broken rules or journeys file stops the
application with a French message naming the file, the entry and the problem, rather
than failing later in the middle of a visit. Each loader is cached, so the work done
here is not repeated.
"""

from __future__ import annotations

from frontdesk.config import roles, settings_defaults, sites
from frontdesk.contacts.defaults import default_directory
from frontdesk.contacts.geo import somme
from frontdesk.contacts.synonyms import shipped_synonyms
from frontdesk.contacts.validation import directory_rules
from frontdesk.orientation.journeys import journeys, network_partners
from frontdesk.orientation.rules import spie_rules
from frontdesk.satisfaction import satisfaction_form
from frontdesk.visits.options import visit_options


def check_data_files() -> None:
    """Raise ``ResourceError`` (French message) for the first invalid file."""
    roles()
    sites()
    settings_defaults()
    spie_rules()
    journeys()
    network_partners()
    visit_options()
    somme()
    default_directory()
    directory_rules()
    shipped_synonyms()
    satisfaction_form()
