"""The host layer: what uses both the compiler and the runtime (runner, import hook,
pytest plugin, debugger, conversion cache, credit reports, project settings)."""
