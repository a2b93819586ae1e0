"""Evidence and letter uploads: the shared checks of township/uploads.py (documents)."""

from township.uploads import ALLOWED, DOCUMENTS, validate_upload

__all__ = ["ALLOWED", "DOCUMENTS", "validate_upload"]
