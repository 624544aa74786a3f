"""The Annuaire section: search the directory, read a service, hand over a contact sheet."""
