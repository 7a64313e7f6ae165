"""Org sync: a Zoho CRM org's Deluge functions as a local project.

``pull`` downloads every Deluge function into ``<category>/<api_name>.dg`` and records
what it pulled in ``deluge2py.lock``; ``status`` and ``diff`` say what changed on either
side since; ``push`` sends local changes back; ``compare`` runs one function locally and
in the org with the same arguments.  All HTTP goes through a client object with
``request(method, path, ...)`` (the live backend's authorised client, or any object with
that method), wrapped by ``api.FunctionsAPI``.
"""
