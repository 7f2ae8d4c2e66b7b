"""The MkDocs plugin: thin glue between MkDocs and the connect_or_not package."""

from .plugin import ConnectOrNotPlugin

__all__ = ["ConnectOrNotPlugin"]
