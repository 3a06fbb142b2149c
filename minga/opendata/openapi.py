"""The OpenAPI 3.1 document, generated from the resource declarations in api.py."""

from typing import Any

from minga.opendata import api, exports, monitoring

ERROR_SCHEMA: dict[str, Any] = {
    "type": "object",
    "properties": {
        "error": {
            "type": "object",
            "properties": {"parameter": {"type": "string"}, "message": {"type": "string"}},
            "required": ["parameter", "message"],
        }
    },
    "required": ["error"],
}


def _error_response(description: str) -> dict[str, Any]:
    return {
        "description": description,
        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}},
    }


def _object_schema(resource: api.Resource) -> dict[str, Any]:
    return {
        "type": "object",
        "properties": resource.fields,
        "required": list(resource.fields),
        "additionalProperties": False,
    }


def _schema_name(resource: api.Resource) -> str:
    return resource.name.capitalize()


def openapi_document() -> dict[str, Any]:
    paging = [
        {
            "name": "limit",
            "in": "query",
            "description": "Items per page.",
            "schema": {
                "type": "integer",
                "minimum": 1,
                "maximum": api.MAX_LIMIT,
                "default": api.DEFAULT_LIMIT,
            },
        },
        {
            "name": "cursor",
            "in": "query",
            "description": "Opaque cursor taken from the `next` link of the previous page.",
            "schema": {"type": "string"},
        },
    ]
    common = {
        "400": _error_response("A parameter is not valid."),
        "429": _error_response("Too many requests; see the Retry-After header."),
    }
    paths: dict[str, Any] = {
        "/api/v1/": {
            "get": {
                "operationId": "index",
                "summary": "Resources of the API",
                "responses": {"200": {"description": "The list of resources."}},
            }
        },
        "/api/v1/openapi.json": {
            "get": {
                "operationId": "openapi",
                "summary": "This document",
                "responses": {"200": {"description": "The OpenAPI document."}},
            }
        },
    }
    schemas: dict[str, Any] = {"Error": ERROR_SCHEMA}
    for resource in api.RESOURCES.values():
        name = _schema_name(resource)
        schemas[name] = _object_schema(resource)
        ref = {"$ref": f"#/components/schemas/{name}"}
        parameters = [
            {
                "name": flt.name,
                "in": "query",
                "description": str(flt.description),
                "schema": flt.schema,
                "example": flt.example,
            }
            for flt in resource.filters
        ]
        paths[f"/api/v1/{resource.name}/"] = {
            "get": {
                "operationId": f"list_{resource.name}",
                "summary": str(resource.title),
                "description": str(resource.description),
                "parameters": parameters + paging,
                "responses": {
                    "200": {
                        "description": "One page, newest first.",
                        "content": {
                            "application/json": {
                                "schema": {
                                    "type": "object",
                                    "properties": {
                                        "results": {"type": "array", "items": ref},
                                        "next": {"type": ["string", "null"]},
                                    },
                                    "required": ["results", "next"],
                                }
                            }
                        },
                    },
                    "304": {"description": "Not modified (If-None-Match matched the ETag)."},
                    **common,
                },
            }
        }
        paths[f"/api/v1/{resource.name}/{{id}}/"] = {
            "get": {
                "operationId": f"get_{resource.name}",
                "summary": str(resource.title),
                "parameters": [
                    {
                        "name": "id",
                        "in": "path",
                        "required": True,
                        "schema": {"type": "integer", "minimum": 1},
                    }
                ],
                "responses": {
                    "200": {
                        "description": "The item.",
                        "content": {"application/json": {"schema": ref}},
                    },
                    "404": _error_response("No public item with this id."),
                    "429": common["429"],
                },
            }
        }
    paths["/api/v1/exports/datapackage.json"] = {
        "get": {
            "operationId": "export_datapackage",
            "summary": "Frictionless Data Package descriptor of the CSV exports",
            "description": "One tabular data resource per export, with its Table Schema.",
            "responses": {
                "200": {
                    "description": "The descriptor.",
                    "content": {"application/json": {"schema": {"type": "object"}}},
                },
                "304": {"description": "Not modified (If-None-Match matched the ETag)."},
                "429": common["429"],
            },
        }
    }
    for export in exports.EXPORTS.values():
        for fmt in exports.FORMATS:
            media = exports.CONTENT_TYPES[fmt].split(";")[0]
            paths[f"/api/v1/exports/{export.filename(fmt)}"] = {
                "get": {
                    "operationId": f"export_{export.name}_{fmt}",
                    "summary": f"{export.title} ({fmt.upper()})",
                    "description": f"{export.description} Whole table, streamed; fields "
                    "as in the Table Schema of datapackage.json.",
                    "responses": {
                        "200": {
                            "description": "The whole export.",
                            "content": {media: {"schema": {"type": "string"}}},
                        },
                        "429": common["429"],
                    },
                }
            }
    paths.update(monitoring.openapi_paths(common))
    schemas.update(monitoring.openapi_schemas())
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "Minga open data API",
            "version": "1",
            "description": "Read-only public data of the Minga platform. Private data never "
            "appears: anonymous authors, contact details, self-identification, drafts.",
            "license": {"name": "CC BY 4.0", "identifier": "CC-BY-4.0"},
        },
        "paths": paths,
        "components": {"schemas": schemas},
    }
