"""One module per Word document; each knows its template, its variables and how to fill them.

:data:`DOCUMENTS` maps a template file name to the variables the kit provides for it, which is
what ``kit templates check`` compares a (possibly Word-edited) template against.
"""

from kit.documents import proposal

DOCUMENTS: dict[str, frozenset[str]] = {proposal.TEMPLATE: proposal.VARIABLES}

__all__ = ["DOCUMENTS"]
