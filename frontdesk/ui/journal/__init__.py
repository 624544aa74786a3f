"""The Journal screen: the visit log read page by page, and the tutor's review."""
