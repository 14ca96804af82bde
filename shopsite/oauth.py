"""``POST /dw/oauth2/access_token``: OAuth tokens for trusted servers and agents.

- ``grant_type=client_credentials`` with ``Authorization: Basic base64(client_id:secret)``
  -> a trusted-server token that may act on any customer;
- ``grant_type=urn:demandware:params:oauth:grant-type:client-id:dwsid:dwsecuretoken``
  with ``?client_id=`` and ``Authorization: Basic base64(username:password:client_secret)``
  -> an agent token for an active Django staff user.

Wrong credentials cost the same hashing as right ones and yield a fault, never a token.
"""
from django.contrib.auth import authenticate
from django.http import JsonResponse
from rest_framework.parsers import FormParser
from rest_framework.views import APIView

from shopsite import faults
from shopsite.access import requested_client_id
from shopsite.api import NO_CACHE
from shopsite.authentication import basic_auth_text
from shopsite.formats import OcapiJSONParser
from shopsite.hashers import dummy_password_check
from shopsite.lookups import has_nul
from shopsite.models import ApiClient, OAuthToken
from shopsite.throttling import OAuthAgentThrottle, OAuthIpThrottle

CLIENT_CREDENTIALS = "client_credentials"
AGENT_GRANT = "urn:demandware:params:oauth:grant-type:client-id:dwsid:dwsecuretoken"

def _basic_parts(request):
    text = basic_auth_text(request)
    if text is None:
        raise faults.AuthorizationBasicMissingException(
            "Missing credentials: Add a Authorization:Basic header with base64 encoded credentials."
        )
    return text


def _client_with_secret(client_id, secret):
    """The enabled client whose secret matches, hashing even when there is none."""
    client = ApiClient.objects.filter(client_id=client_id).first() if client_id and not has_nul(client_id) else None
    if client is None:
        dummy_password_check(secret)
        return None
    if not client.check_secret(secret) or not client.enabled:
        return None
    return client


class AccessTokenView(APIView):
    authentication_classes = []
    permission_classes = []
    parser_classes = [FormParser, OcapiJSONParser]
    throttle_classes = [OAuthIpThrottle, OAuthAgentThrottle]

    def post(self, request):
        grant_type = request.data.get("grant_type")
        if grant_type == CLIENT_CREDENTIALS:
            client_id, _, secret = _basic_parts(request).partition(":")
            client = _client_with_secret(client_id, secret)
            if client is None:
                raise faults.InvalidClientIdException("The client id or the client secret is not valid.")
            agent = None
        elif grant_type == AGENT_GRANT:
            client_id = requested_client_id(request)
            if client_id is None:
                raise faults.MissingClientIdException("The client id is missing: pass client_id.")
            decoded = _basic_parts(request)
            username, _, rest = decoded.partition(":")
            password, _, secret = rest.rpartition(":")
            client = _client_with_secret(client_id, secret)  # first: no staff password check for strangers
            if client is None:
                raise faults.InvalidClientIdException("The client id or the client secret is not valid.")
            agent = authenticate(request._request, username=username, password=password) if username else None
            if agent is None or not agent.is_staff:
                raise faults.AuthenticationFailedException(
                    "Failed to authenticate the agent.", credentialType="agent"
                )
        else:
            raise faults.PropertyConstraintViolationException(
                f"Unsupported grant_type; use '{CLIENT_CREDENTIALS}' or '{AGENT_GRANT}'.", property="grant_type"
            )
        _token, raw = OAuthToken.issue(client, agent=agent)
        response = JsonResponse(
            {"access_token": raw, "token_type": "Bearer", "expires_in": max(client.token_lifetime - 1, 1)}
        )
        response["Cache-Control"] = NO_CACHE
        response["Pragma"] = "no-cache"
        return response
