"""convertLead."""

from __future__ import annotations

from ..base import CrmError
from ..modules import STANDARD
from .common import _copy, _field_details, _options, _parse_id, _write


class Leads:
    """convertLead and what it needs."""

    @_write
    def convert_lead(self, lead_id, values=None, *, family="v2"):
        """convertLead: a Contact (and an Account from ``Company``, and a Deal when
        ``Deals`` is given) from the lead; existing ``Accounts``/``Contacts`` ids
        are used instead of new records. Answers the ids by module."""
        leads = self._module("Leads")
        lead = self._get(leads, lead_id)
        if lead.get("$converted"):
            raise CrmError("INVALID_DATA", "the lead has already been converted", {})
        values = _options(values)
        deal_data = values.get("Deals")
        if deal_data is not None and not isinstance(deal_data, dict):
            raise CrmError("INVALID_DATA", "invalid data", _field_details("Deals", family))
        if deal_data is not None:
            for field in STANDARD["Deals"].mandatory:
                if deal_data.get(field) in (None, ""):
                    raise CrmError("MANDATORY_NOT_FOUND", "required field not found",
                                   _field_details(field, family))
        account = self._existing(values.get("Accounts"), "Accounts", family)
        contact = self._existing(values.get("Contacts"), "Contacts", family)
        overwrite = bool(values.get("overwrite"))
        if account is None and lead.get("Company"):
            account = self._create(STANDARD["Accounts"],
                                   {"Account_Name": lead["Company"],
                                    **_copy(lead, ("Phone", "Website", "Industry",
                                                   "Annual_Revenue", "Description"))},
                                   family, 0)
        contact_data = _copy(lead, ("First_Name", "Last_Name", "Email", "Phone", "Mobile",
                                    "Title", "Fax", "Salutation", "Lead_Source",
                                    "Description", "Secondary_Email", "Skype_ID"))
        for lead_key, contact_key in (("Street", "Mailing_Street"), ("City", "Mailing_City"),
                                      ("State", "Mailing_State"),
                                      ("Zip_Code", "Mailing_Zip"),
                                      ("Country", "Mailing_Country")):
            if lead.get(lead_key) is not None:
                contact_data[contact_key] = lead[lead_key]
        if account is not None:
            contact_data["Account_Name"] = account["id"]
        if contact is None:
            contact = self._create(STANDARD["Contacts"], contact_data, family, 0)
        elif overwrite:
            contact = self._update(STANDARD["Contacts"], contact, contact_data, family, 0)
        deal = None
        if deal_data is not None:
            deal_data = dict(deal_data)
            if account is not None:
                deal_data.setdefault("Account_Name", account["id"])
            deal_data.setdefault("Contact_Name", contact["id"])
            deal = self._create(STANDARD["Deals"], deal_data, family, 0)
        lead["$converted"] = True
        lead["$converted_detail"] = {"contact": contact["id"], "deal": deal and deal["id"],
                                     "account": account and account["id"]}
        self.store.put("Leads", lead)
        result = {}
        for module, record in (("Contacts", contact), ("Deals", deal), ("Accounts", account)):
            if record is None:
                result[module] = None
            elif family == "v8":
                result[module] = {"name": self._display_name(module, record),
                                  "id": record["id"]}
            else:
                result[module] = record["id"]
        return result

    def _existing(self, value, module: str, family: str):
        if value in (None, ""):
            return None
        raw = value.get("id") if isinstance(value, dict) else value
        record = self.store.get(module, _parse_id(raw))
        if record is None:
            raise CrmError("INVALID_DATA", "invalid data", _field_details(module, family))
        return record
