"""Workloads of ``runtime.py``: Deluge functions shaped like real ones, each beside the same
logic written by hand in idiomatic Python.

Each ``Workload`` has the Deluge source (converted by the tool when the benchmark runs),
the hand-written function, and the arguments both take (``make_args``: plain Python values;
the converted function receives them through its decorator as ``run`` passes them).
``same(converted_result, hand_result)`` checks both computed the same thing.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Callable


@dataclass
class Workload:
    name: str
    what: str
    deluge: str
    hand: Callable
    make_args: Callable[[], tuple]
    crm: bool = False


# --- CPU-heavy: map put/get with literal keys, list add, text building, arithmetic --------
# 10,000 iterations of a 14-statement body: 140,007 statements counted.

CPU_HEAVY = """\
map standalone.cpu_heavy(list items)
{
	summary = Map();
	lines = List();
	total = 0;
	for each i in items
	{
		row = Map();
		row.put("id", i);
		row.put("qty", i % 7 + 1);
		row.put("price", i % 13 * 3 + 5);
		amount = row.get("qty") * row.get("price");
		row.put("amount", amount);
		total = total + amount;
		label = "Item " + i + ": " + amount + " units";
		lines.add(label);
		if(amount > 100)
		{
			summary.put("big", ifnull(summary.get("big"), 0) + 1);
		}
		else
		{
			summary.put("small", ifnull(summary.get("small"), 0) + 1);
		}
		summary.put("last", label);
		row.put("label", label);
	}
	summary.put("total", total);
	summary.put("count", lines.size());
	return summary;
}
"""


def cpu_heavy(items):
    summary = {}
    lines = []
    total = 0
    for i in items:
        row = {"id": i, "qty": i % 7 + 1, "price": i % 13 * 3 + 5}
        amount = row["qty"] * row["price"]
        row["amount"] = amount
        total += amount
        label = f"Item {i}: {amount} units"
        lines.append(label)
        key = "big" if amount > 100 else "small"
        summary[key] = summary.get(key, 0) + 1
        summary["last"] = label
        row["label"] = label
    summary["total"] = total
    summary["count"] = len(lines)
    return summary


# --- text building: a report from records ---------------------------------------------------

TEXT_BUILDING = """\
string standalone.text_report(list contacts)
{
	report = "";
	for each c in contacts
	{
		name = c.get("First_Name") + " " + c.get("Last_Name");
		line = name.toUpperCase() + " <" + c.get("Email").toLowerCase() + ">";
		if(c.get("Phone") != null)
		{
			line = line + ", phone " + c.get("Phone").replaceAll("-", "");
		}
		report = report + line.trim() + "; ";
	}
	return report;
}
"""


def text_report(contacts):
    parts = []
    for c in contacts:
        name = c["First_Name"] + " " + c["Last_Name"]
        line = f"{name.upper()} <{c['Email'].lower()}>"
        if c.get("Phone") is not None:
            line += ", phone " + c["Phone"].replace("-", "")
        parts.append(line.strip() + "; ")
    return "".join(parts)


def _contacts(count=3000):
    return ([{"First_Name": f"Ann{i}", "Last_Name": f"Lee-{i % 97}",
              "Email": f"Ann.Lee{i}@Example.COM",
              "Phone": f"555-01-{i % 1000:03d}" if i % 3 else None} for i in range(count)],)


# --- nested loops over literal lists --------------------------------------------------------

NESTED_LOOPS = """\
map standalone.quota_grid(int rounds)
{
	grid = Map();
	cells = 0;
	for each r in {1,2,3,4,5,6,7,8,9,10}
	{
		for each region in {"North","South","East","West","Central"}
		{
			for each month in {1,2,3,4,5,6,7,8,9,10,11,12}
			{
				key = region + "-" + month;
				current = ifnull(grid.get(key), 0);
				grid.put(key, current + month * rounds + r);
				cells = cells + 1;
			}
		}
	}
	grid.put("cells", cells);
	return grid;
}
"""


def quota_grid(rounds):
    grid = {}
    cells = 0
    for r in range(1, 11):
        for region in ("North", "South", "East", "West", "Central"):
            for month in range(1, 13):
                key = f"{region}-{month}"
                grid[key] = grid.get(key, 0) + month * rounds + r
                cells += 1
    grid["cells"] = cells
    return grid


# --- arithmetic with decimals: invoice lines --------------------------------------------------

DECIMALS = """\
map standalone.invoice_totals(list lines)
{
	subtotal = 0.0;
	tax = 0.0;
	discounted = 0;
	for each line in lines
	{
		amount = line.get("qty") * line.get("unit_price");
		if(line.get("qty") >= 10)
		{
			amount = amount * 0.95;
			discounted = discounted + 1;
		}
		subtotal = subtotal + amount;
		tax = tax + amount * line.get("tax_rate") / 100;
	}
	result = Map();
	result.put("subtotal", subtotal.round(2));
	result.put("tax", tax.round(2));
	result.put("total", (subtotal + tax).round(2));
	result.put("discounted", discounted);
	return result;
}
"""


def invoice_totals(lines):
    subtotal = 0.0
    tax = 0.0
    discounted = 0
    for line in lines:
        amount = line["qty"] * line["unit_price"]
        if line["qty"] >= 10:
            amount *= 0.95
            discounted += 1
        subtotal += amount
        tax += amount * line["tax_rate"] / 100
    return {"subtotal": round(subtotal, 2), "tax": round(tax, 2),
            "total": round(subtotal + tax, 2), "discounted": discounted}


def _invoice_lines(count=5000):
    return ([{"qty": 1 + i % 17, "unit_price": 3.75 + (i % 11) * 1.5,
              "tax_rate": (5, 12.5, 18)[i % 3]} for i in range(count)],)


# --- date arithmetic: due dates ---------------------------------------------------------------

DATES = """\
list standalone.due_dates(list starts)
{
	result = List();
	for each start in starts
	{
		due = start.addDay(30);
		if(due.getDayOfWeek() == 1)
		{
			due = due.addDay(1);
		}
		result.add(due.toString("yyyy-MM-dd") + " (" + daysBetween(start, due) + " days)");
	}
	return result;
}
"""


def due_dates(starts):
    result = []
    for start in starts:
        due = start + datetime.timedelta(days=30)
        if due.isoweekday() % 7 + 1 == 1:  # Deluge: Sunday is 1
            due += datetime.timedelta(days=1)
        result.append(f"{due:%Y-%m-%d} ({(due - start).days} days)")
    return result


def _starts(count=2000):
    first = datetime.datetime(2024, 1, 1)
    return ([first + datetime.timedelta(days=i % 700) for i in range(count)],)


# --- many small CRM calls ---------------------------------------------------------------------

CRM_CALLS = """\
map standalone.touch_leads(list ids)
{
	hot = 0;
	for each id in ids
	{
		lead = zoho.crm.getRecordById("Leads", id);
		if(lead.get("Rating") == "Hot")
		{
			hot = hot + 1;
			zoho.crm.updateRecord("Leads", id, {"Description": "followed up"});
		}
	}
	return {"hot": hot};
}
"""


def touch_leads(ids, crm):
    """The same calls made on the sandbox backend directly (no Deluge, no meter)."""
    hot = 0
    for lead_id in ids:
        lead = crm.get_record("Leads", lead_id)
        if lead.get("Rating") == "Hot":
            hot += 1
            crm.update_record("Leads", lead_id, {"Description": "followed up"})
    return {"hot": hot}


LEAD_COUNT = 200


def crm_fixtures():
    return {"Leads": [{"id": str(9000 + i), "Last_Name": f"Lead {i}", "Company": "Acme",
                       "Rating": "Hot" if i % 4 == 0 else "Cold"} for i in range(LEAD_COUNT)]}


WORKLOADS = [
    Workload("cpu_heavy", "10,000 iterations: map put/get, list add, text, arithmetic",
             CPU_HEAVY, cpu_heavy, lambda: (list(range(10_000)),)),
    Workload("text_building", "3,000 records to a text report", TEXT_BUILDING, text_report,
             _contacts),
    Workload("nested_loops", "3 nested loops over literal lists (600 cells)", NESTED_LOOPS,
             quota_grid, lambda: (3,)),
    Workload("decimals", "5,000 invoice lines, decimal arithmetic", DECIMALS, invoice_totals,
             _invoice_lines),
    Workload("dates", "2,000 due dates: addDay, weekday, toString, daysBetween", DATES,
             due_dates, _starts),
    Workload("crm_calls", f"{LEAD_COUNT} getRecordById + updateRecord on a quarter, sandbox",
             CRM_CALLS, touch_leads,
             lambda: ([str(9000 + i) for i in range(LEAD_COUNT)],), crm=True),
]
