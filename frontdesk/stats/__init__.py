"""Statistics of the visit log: anonymous counts, exports, the half-yearly report."""
