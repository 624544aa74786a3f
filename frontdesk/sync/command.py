"""``frontdesk-cli sync``: placeholder, being written."""
