"""CRM backends: what answers ``zoho.crm`` tasks.

``sandbox.SandboxCRM`` (the default) keeps a CRM in memory or in a SQLite file. A
backend is any object with the task methods ``SandboxCRM`` has (``get_record``,
``get_records``, ``search_records``, ``get_related_records``, ``create_record``,
``update_record``, ``bulk_create``, ``bulk_update``, ``upsert``,
``update_related_record``, ``convert_lead``, ``attach_file``, ``get_org_variable``,
``get_fields``), taking plain Python values and a ``family`` (``"v2"`` or ``"v8"``)
and returning Zoho's answer shapes; ``zoho/crm.py`` meters and converts around them.
``get_records_page`` (getRecords in the REST envelope, with page tokens) serves
``invokeurl`` calls to the CRM REST API (``zoho/crm_rest.py``). Threads may share a
backend.
"""
