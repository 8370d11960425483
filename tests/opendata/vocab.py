"""The RDF vocabularies of the catalogue tests, kept in their own module: pytest looks at
every name of a test module while collecting, and rdflib's closed namespaces warn about
each unknown attribute it asks for."""

from rdflib import Namespace
from rdflib.namespace import DCAT, DCTERMS, FOAF, RDF, XSD

DCATDE = Namespace("http://dcat-ap.de/def/dcatde/")
VCARD = Namespace("http://www.w3.org/2006/vcard/ns#")

__all__ = ["DCAT", "DCATDE", "DCTERMS", "FOAF", "RDF", "VCARD", "XSD"]
