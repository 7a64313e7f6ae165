"""The plugin's docstrings name methods and attributes the fixtures really have: every
``fixture.name`` (and ``.name`` in a fixture's own docstring) is looked up on the object
the fixture gives."""

import re

import deluge2py.host.pytest_plugin as plugin

FIXTURES = ("deluge_crm", "credits", "info_log", "outbox", "invokeurl_responses", "deluge_context")


def named_attributes():
    """``(fixture, attribute)`` for every ``fixture.attribute`` in the docstrings."""
    found = set()
    texts = {None: plugin.__doc__}
    texts.update({name: getattr(plugin, name).__doc__ for name in FIXTURES})
    for owner, text in texts.items():
        for fixture, attribute in re.findall(r"\b(" + "|".join(FIXTURES) + r")\.(\w+)", text or ""):
            found.add((fixture, attribute))
        if owner is not None:  # ``.load("x")`` in a fixture's own docstring means that fixture
            for attribute in re.findall(r"``\.(\w+)", text or ""):
                found.add((owner, attribute))
    return found


def test_docstrings_name_real_attributes(deluge_crm, credits, info_log, outbox,
                                         invokeurl_responses, deluge_context):
    objects = dict(deluge_crm=deluge_crm, credits=credits, info_log=info_log, outbox=outbox,
                   invokeurl_responses=invokeurl_responses, deluge_context=deluge_context)
    names = named_attributes()
    assert ("deluge_crm", "get_record") in names and ("invokeurl_responses", "load") in names
    missing = [f"{fixture}.{attribute}" for fixture, attribute in sorted(names)
               if not hasattr(objects[fixture], attribute)]
    assert missing == []
