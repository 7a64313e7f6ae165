"""The live CRM backend: ``zoho.crm`` tasks against a real Zoho CRM org over REST.

``LiveCRM`` (``crm.py``) is the backend; ``ZohoClient`` (``client.py``) the shared
authorised HTTP client (OAuth refresh, retries, pool), usable by anything that calls
Zoho; ``credentials.py`` the profiles.  httpx is imported only when this package is.
"""

from .client import ZohoAuthError, ZohoClient, ZohoResponse, ZohoUnavailable, shared_client
from .credentials import CredentialsError, Profile, load_profile, save_profile
from .crm import LiveCRM, WriteRefused

__all__ = ["LiveCRM", "ZohoClient", "ZohoResponse", "ZohoUnavailable", "ZohoAuthError",
           "WriteRefused", "shared_client", "Profile", "load_profile", "save_profile",
           "CredentialsError"]
