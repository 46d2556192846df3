"""Plain-text views of computed results, printed by the playbooks' nbval-checked cells.

Plain text (not HTML) keeps the committed reference outputs readable in a diff and stable
across Jupyter front-ends.
"""
