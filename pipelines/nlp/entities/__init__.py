"""Entity typing: vocabulary ruler patterns plus context typing of unknown names."""
