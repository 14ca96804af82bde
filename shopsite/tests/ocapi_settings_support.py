"""What the OCAPI settings tests share: documents, saving them, calling every served operation."""
import json

from shopsite.checks import DEMO_CLIENT_ID
from shopsite.ocapi_settings import ocapi_settings_save
from shopsite.ocapi_settings.operations import served_operations
from shopsite.testing import api_url
from shopsite.versions import V16_4, has_operation

API = api_url()  # the API root; paths below it are appended
EVERY_METHOD = ["get", "post", "put", "patch", "delete"]


def entry(resource_id, methods=EVERY_METHOD, **more):
    return {"resource_id": resource_id, "methods": list(methods), **more}


def client(client_id=DEMO_CLIENT_ID, *resources, **more):
    return {"client_id": client_id, "resources": list(resources), **more}


def document(*clients, version="19.5"):
    return {"_v": version, "clients": list(clients)}


def save(doc, site=None, by="test"):
    """Save a document (a dict, or text as given) through the service."""
    text = doc if isinstance(doc, str) else json.dumps(doc, indent=2)
    return ocapi_settings_save(site=site, text=text, by=by)


def operation_ids():
    return [str(operation) for operation in served_operations()]


#: The ids that fill the operations' paths (but the customer's).
PATH_IDS = {"address_name": "home", "payment_instrument_id": "pi-1", "list_id": "pl-1", "item_id": "it-1",
            "purchase_id": "pu-1"}


def operation_path(operation, customer_id):
    """The operation's path for that customer (an address "home", an instrument "pi-1", ...: PATH_IDS)."""
    return operation.path.format(customer_id=customer_id, **PATH_IDS)


def operation_version(operation):
    """The version the tests call an operation in: 16.4, or 20.4 for one later versions brought."""
    return "v16_4" if has_operation(V16_4, operation.url_name) else "v20_4"


def operation_url(operation, customer_id, *, site_id=None, query=f"client_id={DEMO_CLIENT_ID}"):
    """A URL of the operation for that customer (see operation_path), in its operation_version."""
    path = operation_path(operation, customer_id)
    root = api_url(version=operation_version(operation))
    prefix = f"/s/{site_id}{root}" if site_id else root
    return f"{prefix}{path}?{query}" if query else f"{prefix}{path}"


def call(api, operation, customer_id, body=None, **url):
    """Call the operation with a JSON body ({} unless given)."""
    payload = json.dumps({} if body is None else body)
    return api.generic(operation.method, operation_url(operation, customer_id, **url), payload,
                       content_type="application/json")


def find_operation(text):
    return next(operation for operation in served_operations() if str(operation) == text)
