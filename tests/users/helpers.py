"""Small helpers of the account tests: a valid sign-up and the links in allauth's mails."""

import re
from html.parser import HTMLParser

from django.core import mail

GOOD_PASSWORD = "Saaleaue-Abendlicht-2024"


def signup_data(**overrides) -> dict:
    data = {
        "email": "neu@example.org",
        "display_name": "Saalefuchs",
        "password1": GOOD_PASSWORD,
        "password2": GOOD_PASSWORD,
        "preferred_language": "de",
    }
    data.update(overrides)
    return data


def links_in(message) -> list[str]:
    return re.findall(r"https?://[^\s<>\"]+", message.body)


def confirmation_link(message) -> str:
    [link] = [url for url in links_in(message) if "/confirm-email/" in url]
    return link


def mails_to(address: str) -> list:
    return [message for message in mail.outbox if address in message.to]


# --- a small HTML tree (the suite has no HTML library; html.parser is enough) -------------

VOID_TAGS = {
    "area",
    "base",
    "br",
    "col",
    "embed",
    "hr",
    "img",
    "input",
    "link",
    "meta",
    "source",
    "track",
    "wbr",
}


class Node:
    def __init__(self, tag: str, attrs: dict[str, str], parent: "Node | None"):
        self.tag, self.attrs, self.parent = tag, attrs, parent
        self.children: list[Node | str] = []

    def __getitem__(self, name: str) -> str:
        return self.attrs[name]

    def get(self, name: str, default=None):
        return self.attrs.get(name, default)

    def text(self) -> str:
        return " ".join(
            " ".join((child if isinstance(child, str) else child.text()).split())
            for child in self.children
        ).strip()

    def descendants(self):
        for child in self.children:
            if isinstance(child, Node):
                yield child
                yield from child.descendants()

    def find_all(self, tag: str | None = None, **attrs) -> list["Node"]:
        """Descendants with this tag whose attributes equal the given values (``True``:
        present at all). ``class_`` matches one of the classes."""
        found = []
        for node in self.descendants():
            if tag and node.tag != tag:
                continue
            if all(_attr_matches(node, name.rstrip("_"), value) for name, value in attrs.items()):
                found.append(node)
        return found

    def find(self, tag: str | None = None, **attrs) -> "Node | None":
        nodes = self.find_all(tag, **attrs)
        return nodes[0] if nodes else None

    def ancestor(self, tag: str) -> "Node | None":
        node = self.parent
        while node is not None and node.tag != tag:
            node = node.parent
        return node


def _attr_matches(node: Node, name: str, value) -> bool:
    if value is True:
        return name in node.attrs
    if name == "class":
        return value in node.attrs.get("class", "").split()
    return node.attrs.get(name) == str(value)


class _TreeBuilder(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.root = Node("#document", {}, None)
        self.current = self.root

    def handle_starttag(self, tag, attrs):
        node = Node(tag, {k: v or "" for k, v in attrs}, self.current)
        self.current.children.append(node)
        if tag not in VOID_TAGS:
            self.current = node

    def handle_startendtag(self, tag, attrs):
        self.current.children.append(Node(tag, {k: v or "" for k, v in attrs}, self.current))

    def handle_endtag(self, tag):
        node = self.current
        while node is not None and node.tag != tag:
            node = node.parent
        if node is not None and node.parent is not None:
            self.current = node.parent

    def handle_data(self, data):
        self.current.children.append(data)


def parse_html(html: bytes | str) -> Node:
    builder = _TreeBuilder()
    builder.feed(html.decode() if isinstance(html, bytes) else html)
    builder.close()
    return builder.root
