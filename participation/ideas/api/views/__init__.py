"""The viewsets of the ideas API, one module per resource."""
