"""Per-client OCAPI settings: Business Manager's *Open Commerce API Settings* documents.

One global document and one per site; for a request, the site's entry for the calling
client replaces the global one's. They decide which operations a client may call
(``shopsite.access.ClientAllowedBySettings``), its CORS origins (``shopsite.cors``) and the
headers added to its responses (``shopsite.api.OcapiViewSet.finalize_response``). With no
document at all, every registered client may call every operation.

- ``document``: parsing and validation (``validate_ocapi_settings``); ``rules``: the compiled document;
- ``matching``: ``resource_id`` patterns against the operations' paths;
- ``operations``: the operations shopsite serves, read from the URL patterns;
- ``runtime``: this process's compiled copy and how a change reaches every process;
- ``services``: saving, previewing, removing (the admin, ``manage.py ocapi_settings`` and
  the shell all go through them);
- ``admin``: *Shop API › OCAPI settings*.
"""
from shopsite.ocapi_settings.document import SettingsError, Validation, validate_ocapi_settings
from shopsite.ocapi_settings.runtime import current_settings
from shopsite.ocapi_settings.services import (
    InvalidOcapiSettings,
    SettingsChange,
    ocapi_settings_preview,
    ocapi_settings_remove,
    ocapi_settings_save,
    ocapi_settings_text,
)

__all__ = [
    "InvalidOcapiSettings", "SettingsChange", "SettingsError", "Validation", "current_settings",
    "ocapi_settings_preview", "ocapi_settings_remove", "ocapi_settings_save", "ocapi_settings_text",
    "validate_ocapi_settings",
]
