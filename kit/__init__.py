"""Sales playbook kit: typed parameters, the method's calculations, and Word rendering.

The notebooks in ``playbooks/`` stay thin and call into this package, so every rule of the
method is tested once here and reused by the notebooks, the CLI and the documents.
"""

__version__ = "0.2.0"


def __getattr__(name: str) -> object:
    """``kit.batch(...)`` without importing the batch machinery on every ``import kit``."""
    if name == "batch":
        import importlib

        return importlib.import_module("kit.batch")
    raise AttributeError(f"module 'kit' has no attribute {name!r}")
