"""Helpers for the real-browser tests: a JupyterLab server (:mod:`browser.lab`) and a notebook
open in headless Chromium (:mod:`browser.notebook`)."""
