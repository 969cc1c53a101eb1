"""``python -m qenex_messages`` runs the command-line tool."""

from qenex_messages._command import entrypoint

entrypoint()
