"""Text analysis shared by every Carrefour index.

The token filters come from Carrefour's own Elasticsearch plugin
(`search/elasticsearch_plugin/`), which packages Lucene's French and English
analysis for the Elasticsearch distribution published on Maven Central
(see docs/elasticsearch.md).
"""

FRENCH_ANALYZER = "carrefour_fr"
ENGLISH_ANALYZER = "carrefour_en"
AUTOCOMPLETE_ANALYZER = "carrefour_autocomplete"
# What a typed prefix goes through: the autocomplete chain without the n-grams,
# so "conv" matches the indexed prefixes of "conversationnel" and nothing else.
AUTOCOMPLETE_SEARCH_ANALYZER = "carrefour_autocomplete_search"

ANALYSIS_SETTINGS: dict = {
    "filter": {
        "fr_elision": {"type": "carrefour_french_elision"},
        "fr_lowercase": {"type": "carrefour_lowercase"},
        "fr_folding": {"type": "carrefour_asciifolding"},
        "fr_stop": {"type": "carrefour_french_stop"},
        "fr_stem": {"type": "carrefour_french_stem"},
        "en_possessive": {"type": "carrefour_english_possessive"},
        "en_stop": {"type": "carrefour_english_stop"},
        "en_stem": {"type": "carrefour_english_stem"},
        "edge_ngram": {"type": "carrefour_edge_ngram"},
    },
    "analyzer": {
        FRENCH_ANALYZER: {
            "type": "custom",
            "tokenizer": "standard",
            "filter": [
                "fr_elision",
                "fr_lowercase",
                "fr_folding",
                "fr_stop",
                "fr_stem",
            ],
        },
        ENGLISH_ANALYZER: {
            "type": "custom",
            "tokenizer": "standard",
            "filter": [
                "en_possessive",
                "fr_lowercase",
                "fr_folding",
                "en_stop",
                "en_stem",
            ],
        },
        AUTOCOMPLETE_ANALYZER: {
            "type": "custom",
            "tokenizer": "standard",
            "filter": ["fr_elision", "fr_lowercase", "fr_folding", "edge_ngram"],
        },
        AUTOCOMPLETE_SEARCH_ANALYZER: {
            "type": "custom",
            "tokenizer": "standard",
            "filter": ["fr_elision", "fr_lowercase", "fr_folding"],
        },
    },
}
