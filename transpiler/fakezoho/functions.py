"""The fake Zoho server's functions: the org's function store and its REST routes.

Routes (``routes(store)``, mounted by the server's app factory):

* ``GET  /crm/v8/settings/functions`` — metadata, no code; ``page``/``per_page`` up to
  2,000 records, then ``info.next_page_token`` for ``page_token`` past them; HTTP 204 when
  there is nothing;
* ``GET  /crm/v8/settings/functions/{id or api_name}`` — one function's metadata;
* ``GET  /crm/v8/settings/functions/{id or api_name}/code`` — the raw ``.ds`` text;
* ``POST /crm/v8/settings/functions`` — create: multipart ``metadata`` (JSON,
  ``{"functions": [{...}]}``) and a ``code`` file, or the code inline as ``_code``;
* ``PUT  /crm/v8/settings/functions/{id or api_name}`` — update code and/or metadata;
  the api name, runtime and category cannot change (as Zoho documents);
* ``GET|POST /crm/v8/functions/{api_name}/actions/execute`` — runs the stored Deluge with
  deluge2py itself (``arguments`` as JSON, in the query or a form field); ``output`` is
  always a string and ``userMessage`` holds the ``info`` lines.

Code is compiled (parsed) on every write: a function that does not parse is refused with
``COMPILATION_ERROR`` and the line, as Zoho's editor refuses to save it.  ``store.faults``
makes the org misbehave on purpose for tests: refuse writes to a function, or drop the
connection after applying the N-th write.
"""

from __future__ import annotations

import fnmatch
import json
import os
import tempfile
import threading
from dataclasses import asdict, dataclass, field
from datetime import datetime, timedelta, timezone

MAX_PAGED = 2000
_FOREIGN = {".java": ("java", "Java 17"), ".js": ("nodejs", "Node JS 18"),
            ".py": ("python", "Python 3.12")}


@dataclass
class StoredFunction:
    id: str
    api_name: str
    name: str
    category: str
    language: str
    runtime: str
    return_type: str
    arguments: list
    code: str
    description: str = ""
    created_time: str = ""
    modified_time: str = ""

    def metadata(self) -> dict:
        data = asdict(self)
        del data["code"]
        data["display_name"] = self.name
        data["has_draft"] = False
        data["rest_api"] = {"oauth": True, "api_key": False}
        return data


@dataclass
class Faults:
    """Misbehaviour on demand.  ``refuse``: api name -> (HTTP status, code, message) for
    writes to that function.  ``drop_after_writes``: after that many successful writes,
    the next write is applied and then its connection is cut before the answer is sent."""

    refuse: dict = field(default_factory=dict)
    drop_after_writes: int | None = None


class APIError(Exception):
    def __init__(self, status: int, code: str, message: str, details=None):
        super().__init__(message)
        self.status, self.code, self.message, self.details = status, code, message, details or {}

    def body(self) -> dict:
        return {"code": self.code, "details": self.details, "message": self.message,
                "status": "error"}


class FunctionStore:
    """The org's functions, in memory, thread-safe.  ``execute`` runs a function against
    the server's own CRM (its records change, as in an org), or, when ``fixtures`` (a
    path) is set, against a fresh sandbox loaded from it for every call (a repeatable org
    for comparisons); ``responses`` are its recorded ``invokeurl`` answers."""

    def __init__(self, *, fixtures=None, responses=None, start: datetime | None = None):
        self.functions: dict[str, StoredFunction] = {}
        self.fixtures = fixtures
        self.responses = responses
        self.faults = Faults()
        self.writes = 0
        self._next_id = 5725767000000400001  # an int, not itertools.count: snapshots deepcopy it
        self._clock = start or datetime(2026, 1, 5, 9, 0, 0, tzinfo=timezone.utc)
        self._lock = threading.RLock()

    # ------------------------------------------------------------------ clock
    def _now(self) -> str:
        """A modification time later than every earlier one (Zoho's have one-second
        resolution; a logical clock keeps two quick writes apart)."""
        real = datetime.now(timezone.utc).replace(microsecond=0)
        self._clock = max(real, self._clock + timedelta(seconds=1))
        return self._clock.isoformat()

    def snapshot(self):
        """Everything a test may change, to ``restore`` later (one server, many tests)."""
        import copy

        with self._lock:
            return copy.deepcopy((self.functions, self._next_id, self._clock, self.fixtures,
                                  self.responses))

    def restore(self, snapshot) -> None:
        import copy

        with self._lock:
            (self.functions, self._next_id, self._clock, self.fixtures,
             self.responses) = copy.deepcopy(snapshot)
            self.faults = Faults()
            self.writes = 0

    # ------------------------------------------------------------------ seeding
    def add(self, code: str, *, name: str | None = None, description: str = "",
            filename: str = "<seed>") -> StoredFunction:
        """Add a Deluge function from its code (the signature gives category, api name,
        return type and arguments); a bad one raises ``DelugeError`` naming ``filename``."""
        with self._lock:
            header = _header(code, filename)
            if header.api_name in self.functions:
                raise ValueError(f"function {header.api_name} exists already")
            return self._insert(header.api_name, name or header.api_name, header.category,
                                "deluge", "Deluge 1.0", header.return_type, header.arguments(),
                                code, description)

    def add_foreign(self, api_name: str, language: str, runtime: str, code: str = "",
                    category: str = "standalone") -> StoredFunction:
        with self._lock:
            return self._insert(api_name, api_name, category, language, runtime, "string", [],
                                code, "")

    def load_folder(self, folder: str) -> int:
        """Seed from a folder: each ``*.dg`` is a Deluge function; ``*.java``, ``*.js``
        and ``*.py`` become Java, Node.js and Python functions named after the file (not
        ``test_*`` files, nor anything under folders starting with ``.`` or ``_``, such as
        the import hook's ``__dgcache__``)."""
        count = 0
        for root, dirs, files in os.walk(folder):
            dirs[:] = sorted(d for d in dirs if not d.startswith((".", "_")))  # caches
            for name in sorted(files):
                path = os.path.join(root, name)
                stem, ext = os.path.splitext(name)
                with open(path, encoding="utf-8") as fh:
                    text = fh.read()
                if ext == ".dg":
                    self.add(text, filename=path)
                elif ext in _FOREIGN and not stem.startswith(("test_", "_")):
                    self.add_foreign(stem, *_FOREIGN[ext], code=text)
                else:
                    continue
                count += 1
        return count

    def _insert(self, api_name, name, category, language, runtime, return_type, arguments,
                code, description) -> StoredFunction:
        now = self._now()
        self._next_id += 1
        fn = StoredFunction(id=str(self._next_id - 1), api_name=api_name, name=name,
                            category=category, language=language, runtime=runtime,
                            return_type=return_type, arguments=arguments, code=code,
                            description=description, created_time=now, modified_time=now)
        self.functions[api_name] = fn
        return fn

    # ------------------------------------------------------------------ reading
    def find(self, ident: str) -> StoredFunction:
        with self._lock:
            fn = self.functions.get(ident)
            if fn is None:
                fn = next((f for f in self.functions.values() if f.id == ident), None)
            if fn is None:
                raise APIError(404, "INVALID_DATA", "the function does not exist",
                               {"function_identifier": ident})
            return fn

    def listing(self) -> list[StoredFunction]:
        with self._lock:
            return sorted(self.functions.values(), key=lambda f: f.id)

    # ------------------------------------------------------------------ writing
    def _refused(self, api_name: str) -> None:
        for pattern, (status, code, message) in self.faults.refuse.items():
            if fnmatch.fnmatchcase(api_name, pattern):
                raise APIError(status, code, message, {"api_name": api_name})

    def create(self, meta: dict, code: str | None) -> StoredFunction:
        with self._lock:
            code = code if code is not None else meta.get("_code")
            runtime = str(meta.get("runtime") or "Deluge 1.0")
            if not runtime.lower().startswith("deluge"):
                raise APIError(400, "NOT_SUPPORTED", "the fake org creates Deluge functions only",
                               {"json_path": "$.functions[0].runtime"})
            if not code:
                raise APIError(400, "MANDATORY_NOT_FOUND", "the code of a Deluge function is missing",
                               {"param_name": "code"})
            header = _compile(code)
            api_name = str(meta.get("api_name") or header.api_name)
            category = str(meta.get("category") or header.category).lower().replace(" ", "_")
            if api_name != header.api_name:
                raise APIError(400, "INVALID_DATA", "api_name does not match the signature in the code",
                               {"api_name": api_name, "json_path": "$.functions[0].api_name"})
            if category != header.category:
                raise APIError(400, "INVALID_DATA", "category does not match the signature in the code",
                               {"json_path": "$.functions[0].category"})
            if api_name in self.functions:
                raise APIError(400, "DUPLICATE_DATA", "a function with this api name exists already",
                               {"api_name": api_name})
            self._refused(api_name)
            return self._insert(api_name, str(meta.get("name") or api_name), category, "deluge",
                                "Deluge 1.0", header.return_type, header.arguments(), code,
                                str(meta.get("description") or ""))

    def update(self, ident: str, meta: dict, code: str | None) -> StoredFunction:
        with self._lock:
            fn = self.find(ident)
            self._refused(fn.api_name)
            if fn.language != "deluge" and code is not None:
                raise APIError(400, "NOT_SUPPORTED", "the fake org updates Deluge code only")
            for key in ("api_name", "runtime", "category"):
                if key in meta and str(meta[key]).lower() != str(getattr(fn, key)).lower():
                    raise APIError(400, "NOT_ALLOWED", f"the {key} of a function cannot be changed",
                                   {"json_path": f"$.functions[0].{key}"})
            code = code if code is not None else meta.get("_code")
            if code is None and not meta:
                raise APIError(400, "MANDATORY_NOT_FOUND", "specify metadata or code")
            if code is not None:
                header = _compile(code)
                if header.api_name != fn.api_name or header.category != fn.category:
                    raise APIError(400, "NOT_ALLOWED", "the signature must keep the function's "
                                   f"category and api name ({fn.category}.{fn.api_name})")
                fn.code, fn.return_type, fn.arguments = code, header.return_type, header.arguments()
            if meta.get("name"):
                fn.name = str(meta["name"])
            if "description" in meta:
                fn.description = str(meta["description"] or "")
            fn.modified_time = self._now()
            return fn

    def note_write(self) -> bool:
        """Count a successful write; True when the fault plan says to cut this one off."""
        with self._lock:
            self.writes += 1
            limit = self.faults.drop_after_writes
            return limit is not None and self.writes > limit

    # ------------------------------------------------------------------ executing
    def execute(self, api_name: str, arguments: dict, crm=None) -> dict:
        """Run the stored function with deluge2py; the success envelope's ``details``.
        ``crm`` is the server's CRM (used unless ``self.fixtures`` is set)."""
        from deluge2py.cmd_run import RunError, execute
        from deluge2py.errors import DelugeError
        from deluge2py.org.compare import zoho_output
        from deluge2py.runtime.credits import Ledger

        fn = self.find(api_name)
        if fn.language != "deluge":
            raise APIError(400, "NOT_SUPPORTED", "the fake org executes Deluge functions only")
        with tempfile.TemporaryDirectory(prefix="fakezoho-") as tmp:
            path = os.path.join(tmp, f"{fn.api_name}.dg")
            with open(path, "w", encoding="utf-8", newline="") as fh:
                fh.write(fn.code)
            try:
                backend = crm if self.fixtures is None else None
                run = execute(path, None, arguments, fixtures=self.fixtures, crm=backend,
                              responses=self.responses, ledger=Ledger(None))
            except RunError as exc:
                raise APIError(400, "INVALID_DATA", str(exc), {"arguments": arguments}) from None
            except DelugeError as exc:
                raise APIError(400, "COMPILATION_ERROR", exc.message, {"line": exc.line}) from None
        info = [str(line) for line in run.info]
        if run.error is not None:
            message = str(getattr(run.error, "message", None) or run.error)
            raise APIError(400, "DELUGE_EXCEPTION", message,
                           {"line": run.error_line, "userMessage": info})
        return {"id": fn.id, "output": zoho_output(run.result), "output_type": "string",
                "userMessage": info}


def _header(code: str, filename: str):
    from deluge2py.org.source import read_header

    return read_header(code, filename)


def _compile(code: str):
    """The header of ``code``, or the ``COMPILATION_ERROR`` Zoho answers for bad code."""
    from deluge2py.errors import DelugeError

    try:
        return _header(code, "function.ds")
    except DelugeError as exc:
        raise APIError(400, "COMPILATION_ERROR", "the function has errors",
                       {"errors": [{"line": exc.line, "column": exc.column,
                                    "message": exc.message}]}) from None


# ---------------------------------------------------------------------- routes
def routes(store: FunctionStore) -> list:
    """The Starlette routes serving ``store``."""
    from starlette.concurrency import run_in_threadpool
    from starlette.responses import JSONResponse, Response
    from starlette.routing import Route

    def error(exc: APIError):
        return JSONResponse(exc.body(), status_code=exc.status)

    def guard(handler):
        """Inside the fake Zoho app: the same token check and credit charge as its CRM
        API (one credit per call); in a bare app (no ``state.fake``): no check."""
        async def guarded(request):
            fake = getattr(request.app.state, "fake", None)
            if fake is not None:
                refused = fake.check_token(request.headers.get("authorization"))
                if refused is not None:
                    return JSONResponse(refused, status_code=401)
                allowed, remaining = fake.charge(1)
                if not allowed:
                    return JSONResponse(APIError(429, "TOO_MANY_REQUESTS", "the API credits of "
                                                 "the 24-hour period are exhausted").body(),
                                        status_code=429)
            return await handler(request)
        return guarded

    async def list_functions(request):
        q = request.query_params
        items = store.listing()
        try:
            per_page = max(1, min(200, int(q.get("per_page", 200))))
            if "page_token" in q:
                start = int(q["page_token"].removeprefix("fz-"))
            else:
                start = (max(1, int(q.get("page", 1))) - 1) * per_page
                if start + per_page > MAX_PAGED:
                    raise ValueError
        except ValueError:
            return error(APIError(400, "INVALID_DATA", "invalid page, per_page or page_token"))
        page = items[start:start + per_page]
        if not page:
            return Response(status_code=204)
        more = start + per_page < len(items)
        info = {"per_page": per_page, "count": len(page), "more_records": more,
                "page": start // per_page + 1}
        if more and start + per_page >= MAX_PAGED:  # the next page lies past what page reaches
            info["next_page_token"] = f"fz-{start + per_page}"
        return JSONResponse({"functions": [f.metadata() for f in page], "info": info})

    async def get_function(request):
        try:
            return JSONResponse({"functions": [store.find(request.path_params["ident"]).metadata()]})
        except APIError as exc:
            return error(exc)

    async def get_code(request):
        try:
            fn = store.find(request.path_params["ident"])
        except APIError as exc:
            return error(exc)
        return Response(fn.code.encode("utf-8"), media_type="application/octet-stream",
                        headers={"content-disposition": f'attachment; filename="{fn.api_name}.ds"'})

    async def write(request, ident=None):
        try:
            meta, code = await _read_write_form(request, creating=ident is None)
            if ident is None:
                fn = store.create(meta, code)
                status, message = 201, "function created successfully"
            else:
                fn = store.update(ident, meta, code)
                status, message = 200, "function updated successfully"
        except APIError as exc:
            return error(exc)
        body = {"functions": [{"code": "SUCCESS", "status": "success", "message": message,
                               "details": {"id": fn.id, "modified_time": fn.modified_time}}]}
        if store.note_write():
            return _CutOff(json.dumps(body).encode("utf-8"), status)
        return JSONResponse(body, status_code=status)

    async def create(request):
        return await write(request)

    async def update(request):
        return await write(request, request.path_params["ident"])

    async def execute(request):
        raw = request.query_params.get("arguments")
        if raw is None and request.method == "POST":
            field = (await _form(request)).get("arguments")
            raw = field.decode("utf-8", "replace") if field is not None else None
        try:
            arguments = json.loads(raw) if raw else {}
            if not isinstance(arguments, dict):
                raise ValueError
        except ValueError:
            return error(APIError(400, "INVALID_DATA", "arguments must be a JSON object"))
        fake = getattr(request.app.state, "fake", None)
        try:
            details = await run_in_threadpool(store.execute, request.path_params["api_name"],
                                              arguments, getattr(fake, "crm", None))
        except APIError as exc:
            return error(exc)
        return JSONResponse({"code": "success", "details": details,
                             "message": "function executed successfully"})

    base = "/crm/v8/settings/functions"
    return [
        Route(base, guard(list_functions), methods=["GET"]),
        Route(base, guard(create), methods=["POST"]),
        Route(base + "/{ident}", guard(get_function), methods=["GET"]),
        Route(base + "/{ident}", guard(update), methods=["PUT"]),
        Route(base + "/{ident}/code", guard(get_code), methods=["GET"]),
        Route("/crm/v8/functions/{api_name}/actions/execute", guard(execute),
              methods=["GET", "POST"]),
    ]


async def _form(request) -> dict:
    """The request's form fields, name -> bytes: ``multipart/form-data`` read with the
    standard library's MIME parser (as the CRM routes read attachments), or
    ``application/x-www-form-urlencoded``."""
    import email.parser
    import email.policy
    import urllib.parse

    content_type = request.headers.get("content-type", "")
    raw = await request.body()
    if content_type.startswith("multipart/"):
        message = email.parser.BytesParser(policy=email.policy.HTTP).parsebytes(
            b"Content-Type: " + content_type.encode() + b"\r\n\r\n" + raw)
        fields = {}
        for part in message.iter_parts() if message.is_multipart() else ():
            name = part.get_param("name", header="content-disposition")
            if name:
                fields[name] = part.get_payload(decode=True) or b""
        return fields
    return {k: v.encode("utf-8") for k, v in urllib.parse.parse_qsl(raw.decode("utf-8", "replace"))}


async def _read_write_form(request, *, creating: bool) -> tuple[dict, str | None]:
    form = await _form(request)
    meta: dict = {}
    if "metadata" in form:
        try:
            data = json.loads(form["metadata"].decode("utf-8"))
            meta = dict((data.get("functions") or [{}])[0])
        except (ValueError, AttributeError, TypeError, IndexError):
            raise APIError(400, "INVALID_DATA", "metadata is not valid JSON",
                           {"param_name": "metadata"}) from None
    elif creating:
        raise APIError(400, "MANDATORY_NOT_FOUND", "metadata is mandatory",
                       {"param_name": "metadata"})
    code = None
    if "code" in form:
        try:
            code = form["code"].decode("utf-8-sig")
        except UnicodeDecodeError:
            raise APIError(400, "INVALID_DATA", "the code file is not UTF-8",
                           {"param_name": "code"}) from None
    return meta, code


class _CutOff:
    """An answer that starts and never finishes: the connection drops mid-body, as when
    the network fails after Zoho applied a write."""

    def __init__(self, body: bytes, status: int):
        self.body, self.status = body, status

    async def __call__(self, scope, receive, send):
        await send({"type": "http.response.start", "status": self.status,
                    "headers": [(b"content-type", b"application/json"),
                                (b"content-length", str(len(self.body)).encode())]})
        await send({"type": "http.response.body", "body": self.body[:10], "more_body": True})
        raise ConnectionResetError("fake Zoho: connection cut on purpose (store.faults)")
