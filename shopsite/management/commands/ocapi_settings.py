"""``manage.py ocapi_settings load FILE.json [--site SITE_ID]`` and ``... dump [--site SITE_ID]``.

``load`` validates the whole document and saves it (``shopsite.ocapi_settings``) as the
global document or the site's, then prints what changed for which client and the entries
not served here; an invalid document is refused with every error, exit status 1, nothing
changed. ``--dry-run`` prints the same without saving. ``dump`` prints the stored document as
it was given, byte for byte (no line break added). ``FILE`` may be ``-`` (standard input); a
UTF-8 byte order mark at its start is ignored.
"""
import getpass
import sys

from django.core.management.base import BaseCommand, CommandError

from shopsite.models import Site
from shopsite.ocapi_settings import (
    InvalidOcapiSettings,
    ocapi_settings_preview,
    ocapi_settings_save,
    ocapi_settings_text,
)


class Command(BaseCommand):
    help = "Load or dump the OCAPI settings document, global or of a site (--site)."

    def add_arguments(self, parser):
        actions = parser.add_subparsers(dest="action", required=True, metavar="{load,dump}")
        load = actions.add_parser("load", help="Validate and save a document (JSON file, or - for stdin).")
        load.add_argument("file")
        load.add_argument("--site", help="The site's document (default: the global document).")
        load.add_argument("--dry-run", action="store_true", help="Show what would change; save nothing.")
        load.add_argument("--by", help="Who saves it, for the history (default: the system user).")
        dump = actions.add_parser("dump", help="Print the stored document, as it was given.")
        dump.add_argument("--site", help="The site's document (default: the global document).")

    def handle(self, *args, action, site=None, **options):
        site = self.site(site)
        if action == "dump":
            text = ocapi_settings_text(site=site)
            if text is None:
                raise CommandError(f"There is no {'document for site ' + site.site_id if site else 'global document'}.")
            self.stdout.write(text, ending="")  # byte for byte as stored: dump | load - changes nothing
            return
        text = self.read(options["file"])
        try:
            if options["dry_run"]:
                change = ocapi_settings_preview(site=site, text=text)
            else:
                change = ocapi_settings_save(site=site, text=text, by=options["by"] or self.user())
        except InvalidOcapiSettings as invalid:
            for error in invalid.errors:
                self.stderr.write(f"{options['file']}: {error}")
            raise CommandError(
                f"The document is invalid ({len(invalid.errors)} error(s)); nothing was changed.") from None
        for line in change.lines():
            self.stdout.write(line)

    def site(self, site_id):
        if site_id is None:
            return None
        site = Site.objects.filter(site_id=site_id).first()
        if site is None:
            raise CommandError(f"Unknown site '{site_id}' (sites: {', '.join(map(str, Site.objects.all()))}).")
        return site

    def read(self, name):
        try:
            # As given, byte for byte (no line breaks translated); a byte order mark (editors on
            # Windows) is no part of the text.
            if name == "-":
                stdin = getattr(sys.stdin, "buffer", None)
                text = stdin.read().decode("utf-8") if stdin is not None else sys.stdin.read()
                return text.removeprefix("\ufeff")
            with open(name, encoding="utf-8-sig", newline="") as file:
                return file.read()
        except OSError as error:
            raise CommandError(f"Cannot read {name}: {error.strerror or error}.") from None
        except UnicodeDecodeError as error:
            raise CommandError(f"{name} is not UTF-8 text (byte {error.start}).") from None

    @staticmethod
    def user():
        try:
            return f"{getpass.getuser()} (manage.py ocapi_settings)"
        except (KeyError, OSError):
            return "manage.py ocapi_settings"
