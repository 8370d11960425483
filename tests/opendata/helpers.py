"""Reading what the open-data page links to, and the files it serves."""

import csv
import io
import json
from html.parser import HTMLParser


class LinkCollector(HTMLParser):
    """The <a> and <link> elements of a page, as attribute dicts."""

    def __init__(self):
        super().__init__()
        self.anchors: list[dict] = []
        self.links: list[dict] = []
        self.html_lang = None

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "a":
            self.anchors.append(attributes)
        elif tag == "link":
            self.links.append(attributes)
        elif tag == "html":
            self.html_lang = attributes.get("lang")


def collect_links(html: str) -> LinkCollector:
    parser = LinkCollector()
    parser.feed(html)
    return parser


def body_of(response) -> bytes:
    """The bytes of a response, streamed or not (consuming the stream runs its queries)."""
    if response.streaming:
        return b"".join(response.streaming_content)
    return response.content


def read_csv(content: bytes) -> list[dict]:
    """Rows as dicts; fails on a byte order mark or anything but UTF-8."""
    assert not content.startswith(b"\xef\xbb\xbf"), "no byte order mark"
    text = content.decode("utf-8")
    return list(csv.DictReader(io.StringIO(text, newline="")))


def read_json(content: bytes):
    return json.loads(content.decode("utf-8"))


def assert_feature_collection(data: dict) -> None:
    assert data["type"] == "FeatureCollection"
    assert isinstance(data["features"], list)
    for feature in data["features"]:
        assert feature["type"] == "Feature"
        assert isinstance(feature["properties"], dict)
        geometry = feature["geometry"]
        if geometry is not None:
            assert geometry["type"] in {"Point", "Polygon", "MultiPolygon"}
            assert isinstance(geometry["coordinates"], list)
