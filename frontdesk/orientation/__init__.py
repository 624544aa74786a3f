"""SPIE checklist rules, journeys and recommendation (Qt-free)."""
