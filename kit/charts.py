"""Charts as deterministic PNG bytes, for documents and notebooks alike.

Matplotlib runs headless (Agg) and the PNG carries no software or date metadata, so a chart
is byte-identical between runs and the documents that embed it stay reproducible.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import io
import pickle
import textwrap
from collections import OrderedDict
from collections.abc import Callable, Sequence
from typing import ParamSpec

import matplotlib

matplotlib.use("Agg")

import matplotlib.dates as mdates
import matplotlib.pyplot as plt
from matplotlib import font_manager
from matplotlib.figure import Figure

# Every label the kit draws is the user's text: "$5M #1" must print as written, not be read as
# TeX (which drops the dollar signs, sets the rest in italics, or fails on "#").
matplotlib.rcParams.update({"text.parse_math": False, "text.usetex": False})
# Names such as "株式会社" need glyphs DejaVu Sans lacks; an installed CJK font supplies them.
CJK_FONTS = ("Noto Sans CJK JP", "Noto Sans CJK SC", "Source Han Sans", "WenQuanYi Zen Hei")
_installed = {font.name for font in font_manager.fontManager.ttflist}
matplotlib.rcParams["font.family"] = [
    "DejaVu Sans",
    *[name for name in CJK_FONTS if name in _installed][:1],
]

PALETTE = ["#1f4e79", "#2e75b6", "#9dc3e6", "#c55a11", "#548235", "#7f6000"]
REMEMBERED = 256
"""Charts kept per chart function: enough for a batch whose rows share a few distinct inputs."""

LABEL_WIDTH = 30
"""Characters per line of an axis label: long names wrap instead of shrinking the plot."""

P = ParamSpec("P")


def to_png(figure: Figure, dpi: int = 150) -> bytes:
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=dpi, bbox_inches="tight", metadata={"Software": None})
    plt.close(figure)
    return buffer.getvalue()


def remembered(build: Callable[P, Figure]) -> Callable[P, bytes]:
    """Turn a figure builder into a PNG function that draws each distinct input once.

    The notebook shows a chart and the document embeds the same one; a batch of many rows
    often repeats the same input. The key is the pickled arguments, so equal parameters give
    the same key whatever object holds them.
    """
    cache: OrderedDict[bytes, bytes] = OrderedDict()

    @functools.wraps(build)
    def png(*args: P.args, **kwargs: P.kwargs) -> bytes:
        key = hashlib.sha256(pickle.dumps((args, sorted(kwargs.items())))).digest()
        if key in cache:
            cache.move_to_end(key)
            return cache[key]
        data = to_png(build(*args, **kwargs))
        cache[key] = data
        if len(cache) > REMEMBERED:
            cache.popitem(last=False)
        return data

    return png


def month_ticks() -> mdates.DateLocator:
    """Ticks on month starts, about seven of them whatever the span: a plan of a few months
    gets every month, and a date mistyped decades away costs a handful of ticks, not
    thousands."""
    return mdates.AutoDateLocator(minticks=3, maxticks=8, interval_multiples=True)


def timeline(
    items: Sequence[tuple[str, dt.date, str]],
    start: dt.date,
    title: str,
) -> Figure:
    """Milestones on a date axis, one row each, coloured by type; ``start`` anchors the bars.

    Drawn to print at its own size within the text width: labels wrap rather than widen the
    figure, the legend sits below the axis, and no text is smaller than 8 pt.
    """
    types = list(dict.fromkeys(kind for _, _, kind in items))
    colours = {kind: PALETTE[i % len(PALETTE)] for i, kind in enumerate(types)}
    figure, axes = plt.subplots(figsize=(4.4, 0.55 * len(items) + 1.0))
    for row, (_, when, kind) in enumerate(reversed(items)):
        axes.barh(
            row,
            (when - start).days,
            left=mdates.date2num(start),
            height=0.35,
            color=colours[kind],
            alpha=0.35,
        )
        axes.plot(mdates.date2num(when), row, "D", color=colours[kind], markersize=7)
    labels = [textwrap.fill(label, LABEL_WIDTH) for label, _, _ in reversed(items)]
    axes.set_yticks(range(len(items)), labels, fontsize=8)
    axes.xaxis.set_major_locator(month_ticks())
    axes.xaxis.set_major_formatter(mdates.DateFormatter("%b %Y"))
    axes.tick_params(axis="x", labelsize=8)
    axes.set_title(title, fontsize=10, loc="left")
    axes.spines[["top", "right"]].set_visible(False)
    handles = [plt.Line2D([], [], marker="D", ls="", color=colours[k], label=k) for k in types]
    axes.legend(
        handles=handles,
        fontsize=8,
        frameon=False,
        loc="upper center",
        bbox_to_anchor=(0.5, -0.28),
        ncol=len(types),
    )
    figure.autofmt_xdate()
    return figure
