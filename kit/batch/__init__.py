"""``kit batch``: one playbook over a whole book of business, in process and in parallel.

From the command line::

    kit batch proposal --rows opportunities.csv --base examples/saas-subscription.yaml \
        --mapping salesforce --out outputs/q3-proposals --workers 4

From Python or a notebook (a progress widget shows in JupyterLab)::

    import kit
    summary = kit.batch("proposal", "opportunities.csv", "outputs/q3-proposals",
                        base="examples/saas-subscription.yaml", mapping="salesforce")
    summary.exit_code   # 0 every row written, 1 some failed; the manifest says which

The package is callable, so ``kit.batch(...)`` is :func:`kit.batch.engine.run`. Mapping files
are described in :mod:`kit.batch.mapping` and ``MAPPINGS.md``; running batches (resuming,
workers, Dask, shared storage, the manifest) in ``BATCH.md``, both beside this file.
"""

from __future__ import annotations

import sys
import types
from typing import Any

from kit.batch.engine import Summary, run

__all__ = ["Summary", "run"]


class _CallableModule(types.ModuleType):
    """Lets ``kit.batch(...)`` run a batch while ``kit.batch`` stays the package."""

    def __call__(self, *args: Any, **kwargs: Any) -> Summary:
        return run(*args, **kwargs)


sys.modules[__name__].__class__ = _CallableModule
