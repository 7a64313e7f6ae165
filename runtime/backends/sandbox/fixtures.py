"""Loading fixtures into a sandbox."""

from __future__ import annotations

import json
import os

from ..base import CrmError
from ..modules import STANDARD


class Fixtures:
    """``SandboxCRM.load``."""

    def load(self, fixtures) -> None:
        """Add fixture records (a dict or a JSON file path) to the store."""
        if isinstance(fixtures, (str, os.PathLike)):
            with open(fixtures, encoding="utf-8") as fh:
                fixtures = json.load(fh)
        fixtures = dict(fixtures)
        users = fixtures.pop("$users", None)
        if users:
            self.store.set_meta("users", [dict(u) for u in users])
        for name, value in (fixtures.pop("$variables", None) or {}).items():
            self.store.set_variable(name, value)
        # Modules without line items first: line items refer to Products.
        for module, records in sorted(fixtures.items(),
                                      key=lambda item: item[0] in _INVENTORY):
            info = self._module_or_none(module) or self.add_module(module)
            for record in records:
                record = dict(record)
                record["id"] = str(record["id"]) if record.get("id") else self._new_id()
                self._fill_system_fields(record, info, created=True, keep=True)
                if info.line_items:
                    try:
                        self._store_line_items(info, record, record, "v2", 0,
                                               required=False)
                    except CrmError as err:
                        raise ValueError(f"fixture {module} record {record['id']}: "
                                         f"{err.map['message']} {err.map['details']}") from None
                self.store.put(info.api_name, record)


_INVENTORY = {m.api_name for m in STANDARD.values() if m.line_items}
