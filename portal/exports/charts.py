"""Server-side SVG charts: plain markup that browsers and WeasyPrint both draw, no JavaScript."""

from __future__ import annotations

from collections.abc import Sequence

from django.utils import translation
from django.utils.formats import number_format
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

BAR_HEIGHT = 18
BAR_GAP = 6
LABEL_WIDTH = 210
VALUE_WIDTH = 50
CHART_WIDTH = 640
BAR_COLOUR = "#14532d"
# In a PDF the fonts the project ships (templates/includes/pdf_fonts.css), for every script a
# label may be in; on a page the browser falls back to its own.
FONT_FAMILY = (
    "'Portal Sans', 'Portal Arabic', 'Portal Khmer', 'Portal Lao', 'Portal Symbols', sans-serif"
)


def bar_chart_svg(data: Sequence[tuple[str, int]], *, title: str) -> SafeString:
    """A horizontal bar chart, one bar per (label, value), longest bar the largest value.

    Drawn in the active language's direction: in Arabic the labels are on the right and the
    bars grow to the left. The anchors read the same both ways (the label ends at the bar, the
    value starts after it) because `direction` turns "start" and "end" around too.
    """
    rtl = translation.get_language_bidi()
    largest = max((value for _, value in data), default=0) or 1
    bar_space = CHART_WIDTH - LABEL_WIDTH - VALUE_WIDTH
    height = max(len(data), 1) * (BAR_HEIGHT + BAR_GAP) + BAR_GAP

    def x(position: int, width: int = 0) -> int:
        """An x measured from the start side, for a shape `width` wide."""
        return CHART_WIDTH - position - width if rtl else position

    rows = []
    for index, (label, value) in enumerate(data):
        width = max(round(value / largest * bar_space), 1 if value else 0)
        rows.append(
            (
                BAR_GAP + index * (BAR_HEIGHT + BAR_GAP),
                x(LABEL_WIDTH - 8),
                BAR_HEIGHT - 5,
                _shorten(label),
                x(LABEL_WIDTH, width),
                width,
                BAR_HEIGHT,
                BAR_COLOUR,
                x(LABEL_WIDTH + width + 6),
                BAR_HEIGHT - 5,
                number_format(value, force_grouping=True),
            )
        )
    bars = format_html_join(
        "",
        '<g transform="translate(0,{})">'
        '<text x="{}" y="{}" text-anchor="end" font-size="11">{}</text>'
        '<rect x="{}" y="0" width="{}" height="{}" fill="{}"></rect>'
        '<text x="{}" y="{}" text-anchor="start" font-size="11">{}</text>'
        "</g>",
        rows,
    )
    return format_html(
        '<svg xmlns="http://www.w3.org/2000/svg" class="chart" role="img" width="{}" height="{}"'
        ' viewBox="0 0 {} {}" direction="{}" font-family="{}">'
        "<title>{}</title>{}</svg>",
        CHART_WIDTH,
        height,
        CHART_WIDTH,
        height,
        "rtl" if rtl else "ltr",
        FONT_FAMILY,
        title,
        bars,
    )


def _shorten(label: str, limit: int = 34) -> str:
    return label if len(label) <= limit else label[: limit - 1] + "…"
