"""Back office of API clients: created with a secret shown once, edited, disabled."""
import pytest
from django.contrib.admin.models import LogEntry

from shopsite.models import ApiClient, OAuthToken

pytestmark = pytest.mark.django_db

ADD_URL = "/admin/shopsite/apiclient/add/"


def client_form(**changes):
    return {"client_id": "new-client", "name": "New", "enabled": "on", "token_lifetime": 900,
            "allowed_origins": "", **changes}


def test_the_secret_is_shown_once_and_stored_hashed(admin_client):
    response = admin_client.post(ADD_URL, client_form(), follow=True)
    [message] = [str(m) for m in response.context["messages"] if "copy it now" in str(m)]
    secret = message.split(": ", 1)[1].split(" ")[0]
    client = ApiClient.objects.get(client_id="new-client")
    assert client.check_secret(secret) and secret not in client.secret_hash
    assert client.token_lifetime == 900
    page = admin_client.get(f"/admin/shopsite/apiclient/{client.pk}/change/").content.decode()
    assert secret not in page and client.secret_hash not in page and "Stored hashed" in page


@pytest.mark.parametrize("changes, field", [
    ({"client_id": "with:colon"}, "client_id"),
    ({"client_id": "with space"}, "client_id"),
    ({"token_lifetime": 10}, "token_lifetime"),
    ({"token_lifetime": 90000}, "token_lifetime"),
])
def test_bad_clients_are_refused(admin_client, changes, field):
    response = admin_client.post(ADD_URL, client_form(**changes))
    assert response.status_code == 200 and field in response.context["adminform"].form.errors
    assert not ApiClient.objects.exists()


def test_unticking_enabled_revokes_the_clients_tokens(admin_client, client_app, oauth_token, customer, jwt_for):
    jwt_for(customer)
    url = f"/admin/shopsite/apiclient/{client_app.pk}/change/"
    data = client_form(client_id=client_app.client_id, enabled="")
    data.pop("enabled")
    assert admin_client.post(url, data).status_code == 302
    client_app.refresh_from_db()
    assert not client_app.enabled
    assert not OAuthToken.objects.filter(revoked_at__isnull=True).exists()
    assert not customer.tokens.filter(revoked_at__isnull=True).exists()


def test_disable_enable_and_new_secret_actions_are_logged(admin_client, client_app, oauth_token):
    url = "/admin/shopsite/apiclient/"
    admin_client.post(url, {"action": "disable", "_selected_action": [client_app.pk]})
    assert OAuthToken.objects.get().revoked_at is not None
    admin_client.post(url, {"action": "enable", "_selected_action": [client_app.pk]})
    response = admin_client.post(url, {"action": "regenerate_secret", "_selected_action": [client_app.pk]},
                                 follow=True)
    secret = [str(m) for m in response.context["messages"] if "copy it now" in str(m)][0].split(": ", 1)[1].split()[0]
    client_app.refresh_from_db()
    assert client_app.enabled and client_app.check_secret(secret)
    assert list(LogEntry.objects.order_by("id").values_list("change_message", flat=True)) == [
        "Disabled (tokens revoked).", "Enabled.", "Generated a new secret (OAuth tokens revoked)."
    ]


def test_the_secret_never_travels_in_a_cookie(admin_client):
    response = admin_client.post("/admin/shopsite/apiclient/add/", {
        "client_id": "cookie-check", "name": "C", "enabled": "on", "token_lifetime": 900, "allowed_origins": "",
    })
    assert response.status_code == 302
    assert "messages" not in response.cookies
    page = admin_client.get(response["Location"])
    shown = " ".join(str(m) for m in page.context["messages"])
    secret = shown.split(": ", 1)[1].split(" ")[0]
    assert all(secret not in morsel.value for morsel in page.cookies.values())


def test_rotating_a_secret_revokes_the_clients_oauth_tokens(admin_client, client_app, oauth_token):
    from shopsite.models import OAuthToken

    admin_client.post("/admin/shopsite/apiclient/", {"action": "regenerate_secret",
                                                     "_selected_action": [client_app.pk]})
    assert OAuthToken.objects.get().revoked_at is not None
    client_app.refresh_from_db()
    assert not client_app.check_secret("demo-client-secret")


def test_create_api_client_applies_the_admins_rules(client_app, oauth_token):
    import io

    from django.core.management import CommandError, call_command

    from shopsite.models import OAuthToken

    for arguments in (["bad:id", "--secret", "long-enough-secret"],
                      ["ok-id", "--secret", "long-enough-secret", "--token-lifetime", "0"]):
        with pytest.raises(CommandError):
            call_command("create_api_client", *arguments, stdout=io.StringIO())
    call_command("create_api_client", client_app.client_id, "--secret", "another-long-secret", "--disabled",
                 stdout=io.StringIO())
    assert OAuthToken.objects.get().revoked_at is not None
