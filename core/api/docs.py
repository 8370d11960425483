"""The API's documentation as a page of the site (/api/docs/): rendered on the server
from the OpenAPI schema that drf-spectacular generates (/api/schema/), in the site's
layout.

Why not Swagger UI (or Redoc, Scalar): they build the page in the browser and inject
<style> elements at run time, which the site's CSP (style-src 'self', no
'unsafe-inline') blocks; their markup (nested buttons, low-contrast colours, no lang) is
theirs and changes with every release, so axe-clean cannot be promised. A server-rendered
reference has the site's landmarks, lang, headings and contrast, needs no JavaScript and
no CSP exception; tools keep the machine-readable schema (linked on the page) to try
requests (Swagger Editor, Postman, curl).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.shortcuts import render
from django.utils.translation import get_language
from django.views.decorators.http import require_safe
from drf_spectacular.generators import SchemaGenerator

METHODS = ("get", "post", "put", "patch", "delete")

_SCHEMAS: dict[str, dict] = {}


def _schema() -> dict:
    """The OpenAPI schema in the active language (generated once per process)."""
    language = get_language() or "de"
    if language not in _SCHEMAS:
        _SCHEMAS[language] = SchemaGenerator().get_schema(request=None, public=True)
    return _SCHEMAS[language]


def _type_of(schema: dict) -> str:
    if not schema:
        return ""
    if "$ref" in schema:
        return schema["$ref"].rsplit("/", 1)[-1]
    kind = schema.get("type", "")
    if kind == "array":
        return f"{_type_of(schema.get('items', {}))}[]"
    if schema.get("enum"):
        return f"{kind} ({', '.join(str(value) for value in schema['enum'])})"
    return f"{kind} ({schema['format']})" if schema.get("format") else kind


@dataclass
class Operation:
    method: str
    path: str
    summary: str
    description: str
    parameters: list[dict] = field(default_factory=list)
    responses: list[tuple[str, str]] = field(default_factory=list)
    body: str = ""
    needs_sign_in: bool = False

    @property
    def anchor(self) -> str:
        slug = "".join(c if c.isalnum() else "-" for c in self.path.strip("/"))
        return f"{self.method}-{slug}".strip("-")


def reference(schema: dict) -> list[tuple[str, list[Operation]]]:
    """The operations grouped by tag, in the schema's order."""
    groups: dict[str, list[Operation]] = {}
    for path, item in schema.get("paths", {}).items():
        for method in METHODS:
            spec = item.get(method)
            if spec is None:
                continue
            parameters = [
                {
                    "name": p.get("name", ""),
                    "in": p.get("in", ""),
                    "required": bool(p.get("required")),
                    "type": _type_of(p.get("schema", {})),
                    "description": p.get("description", ""),
                }
                for p in spec.get("parameters", [])
            ]
            body = ""
            content = spec.get("requestBody", {}).get("content", {})
            for media_type, media in content.items():
                body = f"{media_type}: {_type_of(media.get('schema', {}))}"
                break
            responses = [
                (code, response.get("description", ""))
                for code, response in spec.get("responses", {}).items()
            ]
            security = spec.get("security", [])
            operation = Operation(
                method=method.upper(),
                path=path,
                summary=spec.get("summary", ""),
                description=spec.get("description", ""),
                parameters=parameters,
                responses=responses,
                body=body,
                needs_sign_in=bool(security) and {} not in security,
            )
            for tag in spec.get("tags", ["api"]):
                groups.setdefault(tag, []).append(operation)
    return list(groups.items())


@require_safe
def api_docs(request):
    schema = _schema()
    info = schema.get("info", {})
    return render(
        request,
        "api/docs.html",
        {"info": info, "groups": reference(schema)},
    )
