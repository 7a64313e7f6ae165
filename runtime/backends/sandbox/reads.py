"""Read tasks besides getRecords: getRecordById, searchRecords, getRelatedRecords,
getOrgVariable and v8.getFields."""

from __future__ import annotations

from .. import criteria as _criteria
from ..base import CrmError
from ..modules import ATTACHMENTS, LINE_ITEM_SUBFORMS, USER_LOOKUPS
from .common import MAX_DISCRETE_RECORDS, _answer, _options


class Reads:
    """The read tasks."""

    @_answer
    def get_record(self, module, record_id, options=None, *, family="v2"):
        """getRecordById: the record map, line items included."""
        info = self._module(module)
        record = self._get(info, record_id)
        return self._render(info, record, family, True, self._fields_option(options or {}))

    @_answer
    def search_records(self, module, criteria, page=None, per_page=None, options=None,
                       *, family="v2"):
        """searchRecords: records matching the criteria (or the email/phone/word of
        the options), in id order, paged; at most 2,000 reachable."""
        info = self._module(module)
        options = _options(options)
        page, per_page = self._paging(page, per_page)
        if (page - 1) * per_page >= MAX_DISCRETE_RECORDS:
            raise CrmError("LIMIT_REACHED", "search results exceed the limit of 2000 records",
                           {"limit": MAX_DISCRETE_RECORDS})
        records = [r for r in self.store.all(info.api_name)
                   if self._converted_filter(info, options)(r)]
        match = self._search_predicate(info, criteria, options, records, family)
        found = [r for r in records if match(r)][:MAX_DISCRETE_RECORDS]
        fields = self._fields_option(options)
        chunk = found[(page - 1) * per_page:page * per_page]
        return [self._render(info, r, family, False, fields) for r in chunk]

    def _search_predicate(self, info, criteria, options, records, family):
        if criteria not in (None, ""):
            return _criteria.compile_criteria(criteria, self._type_of(info, records),
                                              equals_contains=family == "v8")
        for key, kinds in (("email", ("email",)), ("phone", ("phone",)),
                           ("word", None)):
            value = options.get(key)
            if value in (None, ""):
                continue
            wanted = str(value).lower()
            type_of = self._type_of(info, records)

            def match(record, kinds=kinds, wanted=wanted, key=key, type_of=type_of):
                for field, field_value in record.items():
                    if not isinstance(field_value, str):
                        continue
                    if kinds is not None:
                        if (type_of(field) in kinds or key.title() in field) and \
                                field_value.lower() == wanted:
                            return True
                    elif wanted in field_value.lower():
                        return True
                return False
            return match
        raise _criteria.CriteriaError("the criteria is empty")

    def _relation(self, relation) -> str:
        if not isinstance(relation, str):
            raise CrmError("INVALID_DATA", "the relation name given seems to be invalid")
        if relation.lower() == "attachments":
            return "Attachments"
        info = self._module_or_none(relation)
        if info is None:
            raise CrmError("INVALID_DATA", "the relation name given seems to be invalid")
        return info.api_name

    @_answer
    def get_related_records(self, relation, parent_module, parent_id, page=None,
                            per_page=None, options=None, *, family="v2"):
        """getRelatedRecords: records of the related list that point at the parent
        (a lookup, a Notes/Attachments ``Parent_Id``, or a link made by
        updateRelatedRecord)."""
        parent_info = self._module(parent_module)
        parent = self._get(parent_info, parent_id)
        related = self._relation(relation)
        options = _options(options)
        page, per_page = self._paging(page, per_page)
        fields = self._fields_option(options)
        found = []
        if related == "Attachments":
            found = [(ATTACHMENTS, a) for a in self.store.all("Attachments")
                     if (a.get("Parent_Id") or {}).get("id") == parent["id"]]
        else:
            related_info = self._module(related)
            links = dict(self.store.links(related, parent_info.api_name, parent["id"]))
            for record in self.store.all(related):
                if record["id"] in links:
                    found.append((related_info, {**record, **links[record["id"]]}))
                elif record["id"] != parent["id"] and any(
                        isinstance(v, dict) and v.get("id") == parent["id"]
                        and k not in USER_LOOKUPS for k, v in record.items()):
                    found.append((related_info, record))
        chunk = found[(page - 1) * per_page:page * per_page]
        return [self._render(i, r, family, False, fields) for i, r in chunk]

    def get_org_variable(self, name):
        """getOrgVariable: the variable's value, or None when it does not exist."""
        return self.store.get_variable(str(name))

    @_answer
    def get_fields(self, module, *, family="v8"):
        """v8.getFields: ``{"fields": [...]}`` from the module's known fields and the
        fields its records hold."""
        info = self._module(module)
        records = self.store.all(info.api_name)
        lookups = self._lookups(info)
        names = ["id", *USER_LOOKUPS, "Created_Time", "Modified_Time", *info.mandatory,
                 *lookups, *info.field_types]
        for record in records:
            names.extend(k for k in record if not k.startswith("$"))
        if info.line_items:
            names.append(info.line_items)
        type_of = self._type_of(info, records)
        fields, seen = [], set()
        for name in names:
            if name in seen or name in LINE_ITEM_SUBFORMS and name != info.line_items:
                continue
            seen.add(name)
            kind = "subform" if name == info.line_items else (type_of(name) or "text")
            field = {"api_name": name, "field_label": name.replace("_", " "),
                     "data_type": _DATA_TYPES.get(kind, kind),
                     "system_mandatory": name in info.mandatory,
                     "read_only": name in ("id", "Created_By", "Modified_By",
                                           "Created_Time", "Modified_Time")}
            target = "Users" if kind == "userlookup" else lookups.get(name)
            if target:
                field["lookup"] = {"module": {"api_name": target}}
            fields.append(field)
        return {"fields": fields}


_DATA_TYPES = {"multiselect": "multiselectpicklist", "userlookup": "ownerlookup",
               "double": "double", "bigint": "bigint"}
