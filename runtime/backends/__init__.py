"""CRM backends: what answers ``zoho.crm`` tasks.

``base.CrmBackend`` is the contract (task methods, answer shapes, errors as maps, the
clock the context hands over). ``sandbox.SandboxCRM`` (the default) keeps a CRM in
memory or in a SQLite file; ``live.LiveCRM`` talks to Zoho's REST API.
"""
