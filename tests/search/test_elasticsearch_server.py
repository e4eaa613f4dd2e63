"""The test suite's Elasticsearch is a real server with French analysis."""

import re

import pytest

from search.analysis import ENGLISH_ANALYZER, FRENCH_ANALYZER
from search.elasticsearch import analyze, server_version

pytestmark = pytest.mark.elasticsearch


def test_elasticsearch_node_is_a_real_8_or_9_server(es_client):
    assert re.fullmatch(r"(8|9)\.\d+\.\d+", server_version(es_client))


def test_french_analyzer_stems_and_drops_articles_in_nids_de_poule(es_client, es_index):
    tokens = analyze(
        es_client, index=es_index, analyzer=FRENCH_ANALYZER, text="les nids-de-poule"
    )
    assert tokens == ["nid", "poul"]


def test_french_analyzer_removes_elision_and_folds_accents(es_client, es_index):
    tokens = analyze(
        es_client,
        index=es_index,
        analyzer=FRENCH_ANALYZER,
        text="L'évaluation de l'agent conversationnel",
    )
    assert "l" not in tokens
    assert (
        tokens[0]
        == analyze(
            es_client, index=es_index, analyzer=FRENCH_ANALYZER, text="evaluation"
        )[0]
    )
    assert tokens[-2:] == analyze(
        es_client,
        index=es_index,
        analyzer=FRENCH_ANALYZER,
        text="agents conversationnels",
    )


def test_english_analyzer_stems_english_words(es_client, es_index):
    tokens = analyze(
        es_client, index=es_index, analyzer=ENGLISH_ANALYZER, text="The city's potholes"
    )
    assert tokens == ["citi", "pothol"]


def test_indexed_french_text_is_found_with_another_inflection(es_client, es_index):
    es_client.indices.put_mapping(
        index=es_index,
        properties={"title": {"type": "text", "analyzer": FRENCH_ANALYZER}},
    )
    es_client.index(
        index=es_index,
        id="1",
        document={"title": "Détection des nids-de-poule par caméra"},
        refresh=True,
    )
    hits = es_client.search(index=es_index, query={"match": {"title": "nid de poule"}})
    assert [hit["_id"] for hit in hits["hits"]["hits"]] == ["1"]
