"""The seed example: a sales order becomes a purchase order with the same line items."""

import pytest

SO_ID = "4876876000000624001"


@pytest.mark.deluge_fixtures("fixtures.json")
def test_purchase_order_carries_the_sales_order_line_items(load_deluge, deluge_crm, credits, info_log):
    sales_order_to_purchase_order = load_deluge("sales_order_to_purchase_order.dg")
    sales_order_to_purchase_order(SO_ID)

    orders = deluge_crm.records("Purchase_Orders")
    assert len(orders) == 1
    po = deluge_crm.get_record("Purchase_Orders", orders[0]["id"])
    so = deluge_crm.get_record("Sales_Orders", SO_ID)
    assert po["Subject"] == so["Subject"]
    assert [(row["product"]["id"], row["quantity"]) for row in po["Product_Details"]] == [
        (row["product"]["id"], row["quantity"]) for row in so["Product_Details"]]
    assert po["Contact_Name"]["id"] == so["Contact_Name"]["id"]

    assert credits.api == 2
    assert credits.by_task == {"zoho.crm.getRecordById": 1, "zoho.crm.createRecord": 1}
    assert credits.function == 1
    # info paramap; info createResp;
    assert len(info_log) == 2
    assert '"Product_Details"' in info_log[0]
    assert orders[0]["id"] in info_log[1]
