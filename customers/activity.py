"""What agents do through on-behalf tokens, for the customer's page in the admin.

Every successful write (POST, PUT, PATCH, DELETE below 400) of an OCAPI view is announced
by ``shopsite.signals.api_write_succeeded``; ``record_on_behalf_write`` (connected in
``customers.receivers``) records those of requests authenticated by an on-behalf token,
but for views with ``records_agent_writes = False`` (obtaining or renewing an on-behalf
token changes nothing of the customer's). Reads are not recorded.
"""
from customers.models import AgentActivity, CustomerToken


def record_on_behalf_write(sender, view, request, response, **kwargs):
    if not getattr(view, "records_agent_writes", True):
        return None
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
