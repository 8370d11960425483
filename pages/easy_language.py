"""The text of a page in Leichte Sprache as the page shows it: one statement per line.

The format (pages/content/README.md) is still plain text an editor can write in the
admin's text field, with two marks and no HTML:

* every line is one sentence and becomes a paragraph of its own;
* a line that starts with ``- `` is an item of a list (following ones join it);
* a line that starts with ``## `` is a heading;
* a blank line starts a new group (a little more space on the page).
"""

from dataclasses import dataclass, field

LIST_MARK = "- "
HEADING_MARK = "## "


@dataclass
class Block:
    kind: str  # "heading", "sentence" or "list"
    text: str = ""
    items: list[str] = field(default_factory=list)


def easy_blocks(body: str) -> list[list[Block]]:
    """The groups of blocks of ``body``, in order; empty groups are dropped."""
    groups: list[list[Block]] = [[]]
    for raw in body.replace("\r\n", "\n").split("\n"):
        line = raw.strip()
        group = groups[-1]
        if not line:
            if group:
                groups.append([])
        elif line.startswith(HEADING_MARK):
            group.append(Block("heading", text=line.removeprefix(HEADING_MARK).strip()))
        elif line.startswith(LIST_MARK):
            item = line.removeprefix(LIST_MARK).strip()
            if group and group[-1].kind == "list":
                group[-1].items.append(item)
            else:
                group.append(Block("list", items=[item]))
        else:
            group.append(Block("sentence", text=line))
    return [group for group in groups if group]
