"""Entity typing: vocabulary ruler patterns plus context typing of unknown names."""

from . import registry  # noqa: F401  (registers frt_entity_typer_v1)
