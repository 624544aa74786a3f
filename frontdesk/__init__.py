"""Frontdesk: the France Services counter application for the SPIE (Somme)."""

__version__ = "0.1.0"
