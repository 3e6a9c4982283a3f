"""Closed vocabularies of the knowledge base."""

from enum import StrEnum


class EntityType(StrEnum):
    VENDOR = "VENDOR"
    AGENCY = "AGENCY"
    LEGISLATURE = "LEGISLATURE"
    JURISDICTION = "JURISDICTION"
    PRODUCT = "PRODUCT"
    PERSON = "PERSON"
    LAW = "LAW"
    STUDY = "STUDY"
    DATASET = "DATASET"


class CommitmentStatus(StrEnum):
    ANNOUNCED = "announced"
    ACTIVE = "active"
    EXPIRING = "expiring"
    EXPIRED = "expired"
    EXTENDED = "extended"
    SUPERSEDED = "superseded"
