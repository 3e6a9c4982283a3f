"""Alembic environment: uses the connection handed over by kb.migrations.upgrade, or the
URL in FRT_DB when run from the alembic command line."""

from alembic import context
from sqlmodel import SQLModel

from kb import models  # noqa: F401
from kb.database import resolve_url
from kb.search import include_object  # the full-text search objects are not models

target_metadata = SQLModel.metadata
connection = context.config.attributes.get("connection")

if connection is None:
    from sqlalchemy import create_engine

    with create_engine(resolve_url()).connect() as connection:
        context.configure(connection=connection, target_metadata=target_metadata,
                          render_as_batch=True, include_object=include_object)
        with context.begin_transaction():
            context.run_migrations()
        connection.commit()
else:
    context.configure(connection=connection, target_metadata=target_metadata, render_as_batch=True,
                      include_object=include_object)
    with context.begin_transaction():
        context.run_migrations()
