"""Referral directory, search and contact sheets (Qt-free)."""
