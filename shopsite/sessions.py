"""Django's database sessions, whose keys come from a cookie: a key holding a NUL (see
shopsite.lookups) is no session, as a key too short is, and is never looked up."""
from django.contrib.sessions.backends.db import SessionStore as DatabaseSessionStore

from shopsite.lookups import has_nul


class SessionStore(DatabaseSessionStore):
    def _validate_session_key(self, key):
        return super()._validate_session_key(key) and not has_nul(key)
