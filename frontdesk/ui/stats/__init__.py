"""The Statistiques section: period and site pickers, key figures, tables, charts, exports."""
