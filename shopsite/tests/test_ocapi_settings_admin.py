"""*Shop API › OCAPI settings* in the admin: editor, errors, preview, history, permissions."""
import json

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission

from customers.agents import agent_group
from shopsite.checks import DEMO_CLIENT_ID
from shopsite.models import OcapiSettings, OcapiSettingsVersion
from shopsite.tests.ocapi_settings_support import API, client, document, entry, save

pytestmark = pytest.mark.django_db
BASE = "/admin/shopsite/ocapisettings/"
GOOD = json.dumps(document(client(DEMO_CLIENT_ID, entry("/customers/**"), entry("/baskets/**"))), indent=2)


def page(response):
    assert response.status_code == 200, response.status_code
    return response.content.decode()


def test_the_app_section_lists_the_editor_and_the_history(admin_client):
    index = page(admin_client.get("/admin/shopsite/"))
    assert "OCAPI settings" in index and "OCAPI settings versions" in index
    add = page(admin_client.get(BASE + "add/"))
    assert "Global (every site)" in add and "ocapi-settings-editor" in add and "&quot;clients&quot;: []" in add
    assert 'value="Preview"' in add


def test_saving_goes_through_the_service_and_says_what_changed(admin_client, client_app):
    response = admin_client.post(BASE + "add/", {"site": "", "text": GOOD, "_save": "Save"}, follow=True)
    text = page(response)
    stored = OcapiSettings.objects.get()
    assert (stored.site, stored.text, stored.version, stored.changed_by) == (None, GOOD, 1, "admin")
    assert "OCAPI settings, global: saved (version 1)." in text
    assert "not served here (kept, grants nothing)" in text and "/baskets/**" in text
    version = OcapiSettingsVersion.objects.get()
    assert version.saved_by == "admin" and f"client {DEMO_CLIENT_ID}:" in version.summary
    listing = page(admin_client.get(BASE))
    assert "global" in listing and ">1<" in listing
    # edit it: the change page keeps the context, shows the version and links the history
    change = page(admin_client.get(f"{BASE}{stored.pk}/change/"))
    assert "Every version of this context" in change and "site__isnull=True" in change
    narrower = json.dumps(document(client(DEMO_CLIENT_ID, entry("/customers/*", ["get"]))))
    response = admin_client.post(f"{BASE}{stored.pk}/change/", {"text": narrower, "_save": "Save"}, follow=True)
    text = page(response)
    assert "saved (version 2)" in text and "  - PATCH /customers/{customer_id}" in text  # what it took away
    assert OcapiSettings.objects.get().text == narrower and OcapiSettingsVersion.objects.count() == 2


@pytest.mark.parametrize("text, error", [
    ('{"_v": "19.5",\n "clients": [', "line 2, column 14: not valid JSON: Expecting value"),
    (json.dumps(document(client("c", entry("/customers/*", ["get", "fetch"])))),
     "clients[0].resources[0].methods: unknown method &#x27;fetch&#x27;"),
    (json.dumps(document(client("c"), client("c"))), "clients[1].client_id: client &#x27;c&#x27; is listed twice"),
])
def test_errors_name_the_line_and_column_or_the_path(admin_client, text, error):
    response = admin_client.post(BASE + "add/", {"site": "", "text": text, "_save": "Save"})
    assert error in page(response)
    assert not OcapiSettings.objects.exists()


def test_one_document_per_context(admin_client, other_site):
    save(document(), site=other_site)
    response = admin_client.post(BASE + "add/", {"site": other_site.pk, "text": GOOD, "_save": "Save"})
    assert "This context has a document already" in page(response)
    assert OcapiSettings.objects.count() == 1


def test_the_preview_shows_the_change_and_saves_nothing(admin_client, client_app):
    response = admin_client.post(BASE + "preview/", {"site": "", "text": GOOD})
    text = page(response)
    assert "OCAPI settings, global: preview, nothing saved." in text
    assert f"client {DEMO_CLIENT_ID}: every operation" in text and "not served here" in text
    assert 'name="_save"' in text and f'action="{BASE}add/"' in text
    assert not OcapiSettings.objects.exists()
    stored = save(document()).document
    response = admin_client.post(BASE + "preview/", {"object_id": stored.pk, "text": "{"})
    text = page(response)
    assert "The document is invalid" in text and "line 1, column 2" in text and 'name="_save"' not in text
    assert admin_client.get(BASE + "preview/").status_code == 405


def test_the_history_is_read_only(admin_client):
    stored = save(document()).document
    save(json.dumps(document(client("c"))))
    versions = page(admin_client.get("/admin/shopsite/ocapisettingsversion/?site__isnull=True"))
    assert "global, version 1" in versions and "global, version 2" in versions
    version = OcapiSettingsVersion.objects.get(number=2)
    detail = page(admin_client.get(f"/admin/shopsite/ocapisettingsversion/{version.pk}/change/"))
    assert "client c (not an enabled API client): unchanged" in detail
    assert "&quot;client_id&quot;: &quot;c&quot;" in detail and 'name="_save"' not in detail
    assert admin_client.get("/admin/shopsite/ocapisettingsversion/add/").status_code == 403
    assert stored.pk


def test_removing_a_document_goes_through_the_service(admin_client, api, client_app):
    stored = save(document(client("someone-else"))).document
    assert api.post(f"{API}/customers/auth?client_id={DEMO_CLIENT_ID}", {"type": "guest"},
                    format="json").status_code == 403
    response = admin_client.post(f"{BASE}{stored.pk}/delete/", {"post": "yes"}, follow=True)
    assert "removed (version 2)" in page(response)
    assert not OcapiSettings.objects.exists() and OcapiSettingsVersion.objects.get(number=2).removed
    assert api.post(f"{API}/customers/auth?client_id={DEMO_CLIENT_ID}", {"type": "guest"},
                    format="json").status_code == 200


def test_agents_may_not_see_or_edit_them(client):
    agent = get_user_model().objects.create_user("agent1", "a@example.com", "agent-password-1", is_staff=True)
    agent.groups.add(agent_group())
    client.force_login(agent)
    stored = save(document()).document
    assert client.get(BASE).status_code == 403
    assert client.get(f"{BASE}{stored.pk}/change/").status_code == 403
    assert client.post(BASE + "preview/", {"object_id": stored.pk, "text": GOOD}).status_code == 403
    assert client.post(BASE + "add/", {"site": "", "text": GOOD}).status_code == 403
    assert OcapiSettings.objects.get().version == 1


def test_viewing_them_is_not_editing_them(client):
    user = get_user_model().objects.create_user("viewer", "v@example.com", "viewer-password-1", is_staff=True)
    user.user_permissions.add(Permission.objects.get(codename="view_ocapisettings"))
    client.force_login(user)
    stored = save(document()).document
    view = page(client.get(f"{BASE}{stored.pk}/change/"))
    assert 'name="_save"' not in view
    assert client.post(f"{BASE}{stored.pk}/change/", {"text": GOOD}).status_code == 403
    assert client.post(BASE + "preview/", {"object_id": stored.pk, "text": GOOD}).status_code == 403


def test_the_editor_takes_the_text_as_typed_and_its_line_breaks_as_posted(admin_client, client_app):
    """Browsers post a textarea with CR LF: whitespace is kept (the error names the line as
    typed), line breaks become \\n, and an unchanged document saves nothing."""
    typed = '\r\n\r\n{"_v": "19.5",\r\n "clients": [}'
    response = admin_client.post(BASE + "add/", {"site": "", "text": typed, "_save": "Save"})
    assert "line 4, column 14: not valid JSON: Expecting value" in page(response)
    preview = page(admin_client.post(BASE + "preview/", {"site": "", "text": typed}))
    assert "line 4, column 14" in preview
    text = GOOD + "\n"
    admin_client.post(BASE + "add/", {"site": "", "text": "\r\n" + text.replace("\n", "\r\n"), "_save": "Save"})
    stored = OcapiSettings.objects.get()
    assert stored.text == "\n" + text  # the leading line break kept, no CR
    response = admin_client.post(f"{BASE}{stored.pk}/change/", {"text": stored.text.replace("\n", "\r\n"),
                                                                 "_save": "Save"}, follow=True)
    assert "OCAPI settings, global: no change." in page(response)
    preview = page(admin_client.post(BASE + "preview/", {"object_id": stored.pk,
                                                         "text": stored.text.replace("\n", "\r\n")}))
    assert "OCAPI settings, global: no change." in preview
    assert 'border-box;">\n\n{' in preview  # a browser drops the line break after the tag: the text keeps its own
    assert OcapiSettingsVersion.objects.count() == 1 and OcapiSettings.objects.get().version == 1


def test_a_document_stored_with_cr_lf_shown_and_posted_unchanged_saves_nothing(admin_client, client_app):
    stored = save(GOOD.replace("\n", "\r\n")).document  # loaded from a Windows file, say
    response = admin_client.post(f"{BASE}{stored.pk}/change/", {"text": GOOD.replace("\n", "\r\n"),
                                                                 "_save": "Save"}, follow=True)
    assert "no change." in page(response)
    assert OcapiSettings.objects.get().text == GOOD.replace("\n", "\r\n") and OcapiSettingsVersion.objects.count() == 1
