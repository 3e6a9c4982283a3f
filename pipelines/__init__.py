"""Scrapy item pipelines (clean -> keywords -> dedupe -> store, see crawler/settings.py) and
their KB helpers; pipelines/nlp/ holds the spaCy extraction pipeline."""
