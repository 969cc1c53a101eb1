"""``python -m qenex_messages`` runs the command-line tool."""

from qenex_messages.cli import entrypoint

entrypoint()
