"""/api/v1/districts/: Jena's districts (Ortsteile), public.

``serializers`` shape the districts, ``views`` answers (lists with ETag and
Last-Modified), ``schema`` holds the OpenAPI words, ``urls`` the routes (namespace
``geo-api``)."""
