# A Python function in the org: pull lists it and skips it.
def handler(context, basic_io):
    basic_io.write("enriched")
