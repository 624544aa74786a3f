"""The visitor's contact sheet and the journeys' booklet: made, opened and printed from
the Accueil and from the Annuaire alike."""
