"""ipywidgets forms for workshops, one module per playbook.

A form reads the parameters object a notebook loaded and exposes an updated copy; headless runs
never touch the widgets, so papermill and nbval see the file's values unchanged.
"""
