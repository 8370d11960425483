"""The representations and inputs of the ideas API, one module per resource."""
