"""Extractor name and version, stored with every derived fact (bump on behaviour change)."""

EXTRACTOR_NAME = "frt-nlp"
EXTRACTOR_SEMVER = "0.7.24"
EXTRACTOR_VERSION = f"{EXTRACTOR_NAME}/{EXTRACTOR_SEMVER}"
