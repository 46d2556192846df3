"""``python -m kit`` runs the same command line as ``kit``."""

from kit.cli import entry

entry()
