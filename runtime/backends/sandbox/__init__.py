"""The sandbox CRM: an embedded Zoho CRM that answers ``zoho.crm`` tasks locally.

``SandboxCRM(fixtures=None, path=None, *, clock=None, time_zone=None, user=None)``

* ``fixtures``: a dict, or the path of a JSON file, mapping each module's API name to a
  list of records shaped as the REST API returns them (ids as strings; a record
  without ``id`` gets one). Three extra keys: ``"$variables"`` (org variable name ->
  value, for ``getOrgVariable``), ``"$users"`` (``{"name","id","email"}`` maps; the
  first is the acting user) and ``"$lookups"`` (module -> custom lookup field -> the
  module it points at). Module names not known to the sandbox become custom
  modules. Fixtures are loaded only into a new database.
* ``path``: a SQLite file keeping the state between runs; in memory when None.
* ``clock``: a callable returning a ``datetime`` for ``Created_Time`` and friends;
  by default the context's ``zoho.currenttime`` (or the real clock) in ``time_zone``
  (default: the context's org time zone).

``get_records_page`` answers getRecords in the REST envelope (``{"data", "info"}``, the
``info`` carrying ``next_page_token``) for ``invokeurl``; ``get_records`` is its list.

Each public task method takes plain Python values and returns plain Python values in
Zoho's shapes (the ``zoho.crm`` layer converts to Deluge values and meters credits);
errors are returned as Zoho's error maps, never raised. ``family`` is ``"v2"`` for
the legacy tasks and ``"v8"`` for ``zoho.crm.v8``; it selects line-item subform names,
error details and ``equals`` matching. ``docs/semantics.md`` lists the decisions made
where Zoho's documentation is silent.

The class is assembled from parts, one concern each: ``core`` (store, modules, users,
ids, clock, rendering), ``fixtures``, ``records`` (writes), ``line_items``, ``paging``
(getRecords), ``reads`` and ``leads``.
"""

from __future__ import annotations

from ..base import CrmError
from .common import DEFAULT_USER, FIRST_RECORD_NUMBER, MAX_PER_PAGE, ORG_ID_BASE, invalid_id
from .core import SandboxCore
from .fixture_file import FixtureError
from .fixtures import Fixtures
from .leads import Leads
from .line_items import LineItems
from .paging import MAX_TOKEN_RECORDS, PAGE_TOKEN_SECONDS, Paging
from .reads import Reads
from .records import Writes

__all__ = ["CrmError", "FixtureError", "DEFAULT_USER", "FIRST_RECORD_NUMBER", "MAX_PER_PAGE", "MAX_TOKEN_RECORDS", "ORG_ID_BASE", "PAGE_TOKEN_SECONDS", "SandboxCRM",
           "invalid_id"]


class SandboxCRM(Reads, Paging, Writes, LineItems, Leads, Fixtures, SandboxCore):
    """An in-process Zoho CRM (see the module docstring); a ``CrmBackend``."""
