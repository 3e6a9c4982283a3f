"""Exceptions of the knowledge base; the CLI turns each into a one-line message and exit 1."""


class KBError(Exception):
    """Raised by kb.database when a knowledge base cannot be opened, created or migrated
    (unwritable path, a file that is not a database, an unreachable server)."""
