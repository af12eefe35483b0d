"""The practice list's facet checkboxes, written in Python.

A page shows up to 150 options (themes, countries, organisations...). As a template loop they
took 10 ms of a search's 90 (a dozen variable lookups, two slugify and an intcomma each);
written here, every value escaped as the template would, about one.
"""

from django import template
from django.utils import numberformat
from django.utils.formats import get_format
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import slugify

from knowledge.selectors import FacetOption

register = template.Library()


@register.simple_tag
def facet_options(name: str, options: list[FacetOption]) -> SafeString:
    """One facet's checkboxes: the options with results, and the selected ones (even at 0)."""
    grouping, thousands = get_format("NUMBER_GROUPING"), get_format("THOUSAND_SEPARATOR")
    name = escape(name)
    rows = []
    for option in options:
        if not (option.count or option.selected):
            continue
        dom_id = escape(f"f-{name}-{slugify(option.value)}")
        count = numberformat.format(
            option.count, "", grouping=grouping, thousand_sep=thousands, force_grouping=True
        )
        rows.append(
            f'<label for="{dom_id}"><input type="checkbox" id="{dom_id}" name="{name}"'
            f' value="{escape(option.value)}"{" checked" if option.selected else ""}>'
            f' {escape(option.label)} <span class="facet-count">{escape(count)}</span></label>'
        )
    return mark_safe("\n".join(rows))  # noqa: S308 - every value above is escaped
