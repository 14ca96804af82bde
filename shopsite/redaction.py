"""No secret in any log line, from any logger (Django's ``django.server``,
``django.security.csrf`` and ``django.request`` name request paths, gunicorn's access log
the request line): every log record is made through ``redacting_record_factory``, which
takes the reset token out of storefront reset links before any handler formats it."""
import logging
import re

# The storefront's reset links carry the token as a path segment.
SECRET_IN_PATH = re.compile(r"(/password-reset/)[^/\s\"'?#]+")
MARKER = "/password-reset/"


def redact(text: str) -> str:
    return SECRET_IN_PATH.sub(r"\1<redacted>", text)


def install() -> None:
    """Make every log record of this process through the redacting factory (once)."""
    base = logging.getLogRecordFactory()
    if getattr(base, "redacts_secrets", False):
        return

    def redacting_record_factory(*args, **kwargs):
        record = base(*args, **kwargs)
        try:
            message = record.getMessage()
        except Exception:  # noqa: BLE001  (a record whose arguments do not fit: the handler reports it)
            return record
        if MARKER in message:
            record.msg, record.args = redact(message), ()
        return record

    redacting_record_factory.redacts_secrets = True
    logging.setLogRecordFactory(redacting_record_factory)
