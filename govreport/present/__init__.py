"""Presenting: the notebook's API, tables as HTML, prose, charts, pages (Jinja templates)."""
