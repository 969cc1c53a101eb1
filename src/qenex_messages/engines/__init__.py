"""The same validation on more than one process or machine: a resumable run on one machine
(:mod:`~qenex_messages.engines.manifest`) and thin adapters for existing distributed engines.
Each adapter imports its engine only when used (optional extras)."""
