"""The top of the library: one validation pipeline for whole inputs, streams and many files.

- :mod:`~qenex_messages.pipeline.validate`: :func:`validate_bytes`, :func:`validate_path`,
  :func:`load_model`, :func:`load_models`;
- :mod:`~qenex_messages.pipeline.files`: :func:`iter_message_files` (files, folders, globs);
- :mod:`~qenex_messages.pipeline.runner`: :func:`run_validation` on a pool of processes.
"""

from __future__ import annotations

from qenex_messages.inputs import detect_format
from qenex_messages.pipeline.files import (
    DEFAULT_INCLUDE,
    NOTHING_SELECTED,
    STDIN,
    iter_message_files,
)
from qenex_messages.pipeline.runner import ValidationOptions, run_validation
from qenex_messages.pipeline.validate import (
    PROFILE_SKIPPED,
    check_profile_name,
    load_model,
    load_models,
    validate_bytes,
    validate_path,
)

__all__ = [
    "DEFAULT_INCLUDE",
    "NOTHING_SELECTED",
    "PROFILE_SKIPPED",
    "STDIN",
    "ValidationOptions",
    "check_profile_name",
    "detect_format",
    "iter_message_files",
    "load_model",
    "load_models",
    "run_validation",
    "validate_bytes",
    "validate_path",
]
