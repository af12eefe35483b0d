"""Reads of the knowledge base: search, filters and their facet counts, a practice's page.

search (the list's state, what a query matches), ranking (how a query becomes one tsquery and a
rank), thesaurus (the concepts a query names), listing (facets, cached pages, snippets),
suggestions ("did you mean"), detail (a practice's page).
"""

from knowledge.selectors.common import TOPIC, cache_name, reader
from knowledge.selectors.detail import (
    practice_applied_countries,
    practice_comments,
    practice_for_detail,
    practice_marked_useful,
    practice_translations,
    practices_related,
)
from knowledge.selectors.listing import (
    ORG_FACET_LIMIT,
    PAGE_SIZE,
    FacetOption,
    Facets,
    PracticeResults,
    highlighted,
    practice_results,
    practices_for_list,
    reader_language,
    with_reader_translation,
)
from knowledge.selectors.ranking import Search, relevance, search_for
from knowledge.selectors.search import (
    FILTERS,
    MAX_VALUES,
    SORTS,
    Filters,
    practices_search,
)
from knowledge.selectors.suggestions import search_suggestion
from knowledge.selectors.thesaurus import concepts_in, thesaurus

__all__ = [
    "PAGE_SIZE",
    "FILTERS",
    "MAX_VALUES",
    "ORG_FACET_LIMIT",
    "SORTS",
    "TOPIC",
    "FacetOption",
    "Facets",
    "Filters",
    "PracticeResults",
    "Search",
    "cache_name",
    "concepts_in",
    "highlighted",
    "practice_applied_countries",
    "practice_comments",
    "practice_for_detail",
    "practice_marked_useful",
    "practice_results",
    "practice_translations",
    "practices_for_list",
    "practices_related",
    "practices_search",
    "reader",
    "reader_language",
    "relevance",
    "search_for",
    "search_suggestion",
    "thesaurus",
    "with_reader_translation",
]
