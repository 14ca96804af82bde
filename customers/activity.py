"""What agents do through on-behalf tokens, for the customer's page in the admin.

``shopsite.api.OcapiViewSet.finalize_response`` hands every successful write (POST,
PUT, PATCH, DELETE below 400) of a view with ``records_agent_writes`` (all but the
on-behalf token operation) to ``record_on_behalf_write``; only requests authenticated
by an on-behalf token are recorded. Reads are not recorded.
"""
from customers.models import AgentActivity, CustomerToken


def record_on_behalf_write(request, response):
    token = getattr(request, "auth", None)
    if not isinstance(token, CustomerToken) or token.kind != CustomerToken.ON_BEHALF:
        return None
    return AgentActivity.objects.create(
        customer_id=token.customer_id,
        token=token,
        agent_id=token.agent_id,
        agent_username=token.agent.get_username() if token.agent_id else "",
        client_id=token.client_id,
        method=request.method,
        path=request.path[:2048],
        status=response.status_code,
    )
