"""The `progress` chart as PNG bytes: matplotlib on the headless Agg backend, loaded lazily."""

from __future__ import annotations

import io
from collections.abc import Sequence
from datetime import date

from bot.i18n import Translator

MAX_SERIES = 3


def progress_chart(
    weeks: Sequence[tuple[date, float | None]],
    volumes: dict[str, list[tuple[date, float]]],
    tr: Translator,
) -> bytes:
    """Weekly adherence bars above the weekly reps of the main exercises, labelled in the
    reader's language; returns a PNG."""
    # Imported here so the bot starts fast and nothing touches a display.
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    figure = Figure(figsize=(7, 6), dpi=100)
    FigureCanvasAgg(figure)
    top, bottom = figure.subplots(2, 1)
    labels = [tr.pattern(start, "dd MMM") for start, _ in weeks]
    values = [0.0 if share is None else share * 100 for _, share in weeks]
    top.bar(labels, values, color="#4c9a8a")
    top.set_ylim(0, 100)
    top.set_ylabel(tr.gettext("adherence %"))
    top.set_title(tr.gettext("Weekly adherence"))
    main = sorted(volumes, key=lambda name: -sum(v for _, v in volumes[name]))[:MAX_SERIES]
    for name in main:
        points = volumes[name]
        bottom.plot(
            [tr.pattern(d, "dd MMM") for d, _ in points],
            [v for _, v in points],
            marker="o",
            label=name,
        )
    if main:
        bottom.legend(loc="upper left", fontsize="small")
    else:
        empty = tr.gettext("No completed sessions yet")
        bottom.text(0.5, 0.5, empty, ha="center", transform=bottom.transAxes)
    bottom.set_ylabel(tr.gettext("reps per week"))
    bottom.set_title(tr.gettext("Main exercises"))
    figure.tight_layout()
    buffer = io.BytesIO()
    # The labels again as the image's own description (alt text for whoever cannot see it).
    described = [top.get_title(), top.get_ylabel(), bottom.get_title(), bottom.get_ylabel()]
    described += [*main] if main else [empty]
    metadata = {"Title": top.get_title(), "Description": "\n".join(described)}
    figure.savefig(buffer, format="png", metadata=metadata)
    return buffer.getvalue()
