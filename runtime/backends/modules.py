"""What the sandbox knows about CRM modules: mandatory fields, the field that names a
record in lookups, the system duplicate-check field of upsert, lookup fields and
their target modules, inventory line items (reference §1.2, §1.3).

Modules not listed here are custom modules (``Name`` names a record, no mandatory
field); they exist once fixtures mention them or ``SandboxCRM.add_module`` declares them.
"""

from __future__ import annotations

from dataclasses import dataclass, field

USERS = "users"  # the target of Owner-like lookups


@dataclass(frozen=True)
class ModuleInfo:
    api_name: str
    name_field: str = "Name"
    mandatory: tuple[str, ...] = ()
    duplicate_check: tuple[str, ...] = ("Name",)
    unique: tuple[str, ...] = ()
    lookups: dict = field(default_factory=dict)
    line_items: str | None = None  # the v8 subform name of an inventory module
    field_types: dict = field(default_factory=dict)

    def to_json(self) -> dict:
        return {"api_name": self.api_name, "name_field": self.name_field,
                "mandatory": list(self.mandatory),
                "duplicate_check": list(self.duplicate_check),
                "unique": list(self.unique), "lookups": dict(self.lookups),
                "line_items": self.line_items, "field_types": dict(self.field_types)}

    @classmethod
    def from_json(cls, data: dict) -> "ModuleInfo":
        return cls(data["api_name"], data.get("name_field", "Name"),
                   tuple(data.get("mandatory", ())),
                   tuple(data.get("duplicate_check", ("Name",))),
                   tuple(data.get("unique", ())), dict(data.get("lookups", {})),
                   data.get("line_items"), dict(data.get("field_types", {})))


_PERSON = {"Email": "email", "Phone": "phone", "Mobile": "phone", "First_Name": "text",
           "Last_Name": "text", "Full_Name": "text"}
_MONEY = {"Sub_Total": "currency", "Grand_Total": "currency", "Tax": "currency",
          "Adjustment": "currency", "Discount": "currency"}


def _m(api_name, name_field, mandatory=(), duplicate_check=None, lookups=None,
       line_items=None, types=None):
    return ModuleInfo(api_name, name_field, tuple(mandatory),
                      tuple(duplicate_check or (name_field,)), (), dict(lookups or {}),
                      line_items, dict(types or {}))


STANDARD = {m.api_name: m for m in (
    _m("Leads", "Full_Name", ["Last_Name"], ["Email"], types=dict(
        _PERSON, Company="text", Annual_Revenue="currency", No_of_Employees="integer",
        Lead_Status="picklist", Lead_Source="picklist")),
    _m("Contacts", "Full_Name", ["Last_Name"], ["Email"],
       {"Account_Name": "Accounts", "Vendor_Name": "Vendors", "Reporting_To": "Contacts"},
       types=dict(_PERSON, Date_of_Birth="date")),
    _m("Accounts", "Account_Name", ["Account_Name"],
       lookups={"Parent_Account": "Accounts"},
       types={"Annual_Revenue": "currency", "Employees": "integer", "Phone": "phone",
              "Website": "website", "Industry": "picklist"}),
    _m("Deals", "Deal_Name", ["Deal_Name", "Stage"],
       lookups={"Account_Name": "Accounts", "Contact_Name": "Contacts",
                "Campaign_Source": "Campaigns"},
       types={"Amount": "currency", "Closing_Date": "date", "Stage": "picklist",
              "Probability": "integer"}),
    _m("Tasks", "Subject", ["Subject"], types={"Due_Date": "date", "Status": "picklist"}),
    _m("Calls", "Subject", ["Subject", "Call_Type", "Call_Start_Time"],
       types={"Call_Start_Time": "datetime", "Call_Type": "picklist"}),
    _m("Events", "Event_Title", ["Event_Title", "Start_DateTime", "End_DateTime"],
       types={"Start_DateTime": "datetime", "End_DateTime": "datetime"}),
    _m("Products", "Product_Name", ["Product_Name"], lookups={"Vendor_Name": "Vendors"},
       types={"Unit_Price": "currency", "Qty_in_Stock": "double",
              "Product_Active": "boolean"}),
    _m("Vendors", "Vendor_Name", ["Vendor_Name"], types={"Email": "email"}),
    _m("Price_Books", "Price_Book_Name", ["Price_Book_Name"]),
    _m("Campaigns", "Campaign_Name", ["Campaign_Name"],
       types={"Start_Date": "date", "End_Date": "date"}),
    _m("Cases", "Subject", ["Subject"], lookups={"Account_Name": "Accounts",
                                                 "Related_To": "Contacts"}),
    _m("Solutions", "Solution_Title", ["Solution_Title"]),
    _m("Notes", "Note_Title", ["Note_Content"], duplicate_check=["Note_Title"],
       lookups={"Parent_Id": None}),
    _m("Quotes", "Subject", ["Subject"],
       lookups={"Account_Name": "Accounts", "Contact_Name": "Contacts",
                "Deal_Name": "Deals"}, line_items="Quoted_Items", types=_MONEY),
    _m("Sales_Orders", "Subject", ["Subject", "Account_Name"],
       lookups={"Account_Name": "Accounts", "Contact_Name": "Contacts",
                "Deal_Name": "Deals", "Quote_Name": "Quotes"},
       line_items="Ordered_Items", types=_MONEY),
    # Vendor_Name is only [U] mandatory in the reference; the seed example (issue 5)
    # creates a purchase order without it, so the sandbox does not require it.
    _m("Purchase_Orders", "Subject", ["Subject"],
       lookups={"Vendor_Name": "Vendors", "Contact_Name": "Contacts"},
       line_items="Purchased_Items", types=_MONEY),
    _m("Invoices", "Subject", ["Subject"],
       lookups={"Account_Name": "Accounts", "Contact_Name": "Contacts",
                "Deal_Name": "Deals", "Sales_Order": "Sales_Orders"},
       line_items="Invoiced_Items", types=_MONEY),
)}

# Files attached to records (not a module of its own for the tasks).
ATTACHMENTS = ModuleInfo("Attachments", "File_Name", lookups={"Parent_Id": None})

# Lookups every module has (pointing at users).
USER_LOOKUPS = ("Owner", "Created_By", "Modified_By")

# The legacy (API v2) name of every inventory subform.
LEGACY_LINE_ITEMS = "Product_Details"
LINE_ITEM_SUBFORMS = frozenset(m.line_items for m in STANDARD.values() if m.line_items)

# Legacy row key -> v8 row key (reference §1.2).
LEGACY_TO_V8_ROW = {"product": "Product_Name", "quantity": "Quantity",
                    "Discount": "Discount", "list_price": "List_Price",
                    "unit_price": "Unit_Price", "product_description": "Description",
                    "line_tax": "Line_Tax", "book": "Price_Book_Name", "total": "Total",
                    "total_after_discount": "Total_After_Discount",
                    "net_total": "Net_Total", "Tax": "Tax", "id": "id"}
V8_TO_LEGACY_ROW = {v: k for k, v in LEGACY_TO_V8_ROW.items()}
