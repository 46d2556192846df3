"""The LibreOffice side of :mod:`kit.pdf`, run by a Python that can import ``uno``.

That is rarely the kit's own interpreter: Debian's ``python3-uno`` serves ``/usr/bin/python3``
only, and LibreOffice on macOS and Windows bundles a Python of its own. So :mod:`kit.pdf` starts
this file as a separate process, hands it the name of the pipe a headless LibreOffice listens
on, and talks to it over its standard streams: one JSON request per line in, one JSON reply per
line out. It imports nothing but the standard library and ``uno``, and stays compatible with
the older Pythons LibreOffice bundles.

The kit passes this file's text with ``python -c`` rather than its path, so the folder it sits
in (the kit's package, which has a module called ``types``) never lands on ``sys.path`` and
shadows the standard library of that other interpreter.
"""

from __future__ import annotations

import contextlib
import json
import os
import sys
import time

WORD = "MS Word 2007 XML"
"""The import filter for .docx, named so a damaged file fails instead of opening as plain text."""
PDF = "writer_pdf_Export"
RETRY_SECONDS = 0.1
"""How often to try the pipe while LibreOffice starts; the kit decides when to give up."""


def reply(**fields: object) -> None:
    sys.stdout.write(json.dumps(fields) + "\n")
    sys.stdout.flush()


def main(pipe: str) -> None:
    try:
        import uno
        from com.sun.star.beans import PropertyValue
        from com.sun.star.connection import NoConnectException
        from com.sun.star.uno import Exception as UnoException
    except ImportError as exc:
        reply(error=f"{sys.executable} cannot import LibreOffice's uno module ({exc})", uno=False)
        return

    def properties(**values: object) -> tuple:
        result = []
        for name, value in values.items():
            item = PropertyValue()
            item.Name = name
            item.Value = value
            result.append(item)
        return tuple(result)

    local = uno.getComponentContext()
    resolver = local.ServiceManager.createInstanceWithContext(
        "com.sun.star.bridge.UnoUrlResolver", local
    )
    kit = os.getppid()
    while True:
        try:
            remote = resolver.resolve(f"uno:pipe,name={pipe};urp;StarOffice.ComponentContext")
            break
        except NoConnectException:
            if os.getppid() != kit:
                return  # the kit died while LibreOffice started; nobody is left to answer
            time.sleep(RETRY_SECONDS)
    desktop = remote.ServiceManager.createInstanceWithContext("com.sun.star.frame.Desktop", remote)
    reply(ready=True)

    for line in sys.stdin:
        request = json.loads(line)
        if request.get("quit"):
            break
        try:
            document = desktop.loadComponentFromURL(
                request["source"],
                "_blank",
                0,
                properties(Hidden=True, ReadOnly=True, FilterName=WORD),
            )
            if document is None:
                reply(error="not a readable Word document")
                continue
            try:
                document.storeToURL(request["target"], properties(FilterName=PDF))
            finally:
                document.close(True)
        except UnoException as exc:
            # LibreOffice appends the C++ source position (" at ./framework/..."); drop it.
            reply(error=exc.Message.split(" at ./")[0].strip() or type(exc).__name__)
        else:
            reply(ok=True)

    # The connection drops while LibreOffice shuts down, which is the point of the call.
    with contextlib.suppress(UnoException):
        desktop.terminate()


if __name__ == "__main__":
    main(sys.argv[1])
