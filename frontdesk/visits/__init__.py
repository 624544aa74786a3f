"""The visit record: what a counter visit leaves behind, anonymous by design."""
