"""Closed vocabularies of the NLP extractor (labels, actions, scopes, metrics)."""

ENTITY_LABELS = (
    "VENDOR", "AGENCY", "LEGISLATURE", "JURISDICTION", "PRODUCT",
    "PERSON", "LAW", "STUDY", "DATASET",
)
ACTOR_LABELS = ("VENDOR", "AGENCY", "LEGISLATURE", "JURISDICTION", "LAW", "PRODUCT")
ACTIONS = (
    "moratorium", "pause", "exit", "no_sale", "ban", "extension", "reversal",
    "feature_retirement", "restriction", "regulation",
)
HINT_KINDS = ("bill", "law", "announcement", "paper", "report", "record")
SCOPES = ("police", "law_enforcement", "federal", "government", "private")
METRICS = (
    "error_rate", "false_positive_rate", "false_negative_rate", "false_match_rate",
    "false_non_match_rate", "accuracy", "misclassification",
)
COMMITMENT_KEYS = (
    "actor", "action", "scope", "product", "start", "start_precision", "end", "duration",
    "condition", "law", "target", "quote", "start_char", "end_char",
)
FINDING_KEYS = (
    "study", "system", "vendor", "metric", "value", "unit", "group", "comparison_group",
    "comparison_value", "dataset", "quote", "start_char", "end_char",
)
ENTITY_KEYS = ("text", "label", "canonical", "start", "end")
