"""Offline-first sync with the hub: the protocol, the local bookkeeping, the client."""
