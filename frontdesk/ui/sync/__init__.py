"""The Synchronisation section and the background sync of the app."""
