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


class LawStage(StrEnum):
    """Stages of a bill, in the order a bill reaches them (later ones last)."""

    INTRODUCED = "introduced"
    PASSED_CHAMBER = "passed one chamber"
    PASSED = "passed"
    ENACTED = "enacted"
    EFFECTIVE = "effective"
    VETOED = "vetoed"
    FAILED = "failed"
    REPEALED = "repealed"
    EXPIRED = "expired"


class MeasureStatus(StrEnum):
    """Status of a measure taken from a bill: it follows the bill's stage."""

    PROPOSED = "proposed"
    ENACTED = "enacted"          # enacted, not yet effective
    IN_FORCE = "in force"
    EXPIRED = "expired"
    REPEALED = "repealed"
    FAILED = "failed"
