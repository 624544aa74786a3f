"""The counter flow shown in Accueil: motif, SPIE checklist, orientation and log."""
