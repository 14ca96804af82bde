"""No secret in any log line, from any logger (Django's ``django.server``,
``django.security.csrf`` and ``django.request`` name request paths, gunicorn's access log
the request line): every log record is made through ``redacting_record_factory``, which
takes secrets out of the paths that carry them before any handler formats it.

Apps name the path segments after which a secret follows (``secret_after("password-reset")``:
the storefront's reset links, ``/password-reset/<token>/``), in their ``AppConfig.ready``.
A segment matches however its letters are cased or percent-encoded (``password%2Dreset``
resolves to the same page).
"""
import logging
import re

_segments: list[str] = []
_pattern: re.Pattern | None = None


def _spelled_any_way(segment: str) -> str:
    """A pattern for ``segment`` with each character also percent-encoded."""
    return "".join(f"(?:{re.escape(char)}|%{ord(char):02x})" if char.isascii() else re.escape(char)
                   for char in segment)


def secret_after(segment: str) -> None:
    """Redact the path segment that follows ``/segment/`` in every log line."""
    global _pattern
    if segment not in _segments:
        _segments.append(segment)
        names = "|".join(_spelled_any_way(name) for name in _segments)
        _pattern = re.compile(rf"((?:/|%2f)(?:{names})(?:/|%2f))[^/\s\"'?#]+", re.IGNORECASE)


def redact(text: str) -> str:
    return _pattern.sub(r"\1<redacted>", text) if _pattern else text


def install() -> None:
    """Make every log record of this process through the redacting factory (once)."""
    base = logging.getLogRecordFactory()
    if getattr(base, "redacts_secrets", False):
        return

    def redacting_record_factory(*args, **kwargs):
        record = base(*args, **kwargs)
        if _pattern is None:
            return record
        try:
            message = record.getMessage()
        except Exception:  # noqa: BLE001  (a record whose arguments do not fit: the handler reports it)
            return record
        redacted = redact(message)
        if redacted != message:
            record.msg, record.args = redacted, ()
        return record

    redacting_record_factory.redacts_secrets = True
    logging.setLogRecordFactory(redacting_record_factory)
