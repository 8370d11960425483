"""Comment targets of higher apps: what the comments need to know about them.

Comments are on ideas, measures and projects (this app and lower layers), and on the
Bürgerbudget's proposals. The budgets app is a higher layer (``pyproject.toml``,
import-linter): this app never imports it. Instead the budgets app registers its
proposals here in ``apps.py ready()`` with everything the comment code switches on: the
``Comment`` foreign key, the target's project (its phases decide when commenting is open
and its moderators moderate), its page, its title, who may see it, why it cannot be
commented on, and the counter to recompute.

All functions run inside the caller's transaction where they write.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from core.rules import Refusal


@dataclass(frozen=True)
class CommentTarget:
    """One kind of comment target of a higher app.

    * ``kind``: the name of the ``Comment`` foreign key ("proposal");
    * ``model_label``: the target model's ``_meta.label`` ("budgets.Proposal");
    * ``project_path``: from the target to its project for queries ("budget__project");
    * ``project``: the target's ``projects.Project`` (loaded relations, no query when
      selected along ``project_path``);
    * ``url``: the target's page (the thread is on it, ``#comments-<kind>-<pk>``);
    * ``create_url``: where the new-comment form posts;
    * ``title``: the target named in a sentence ("Vorschlag 4 „Bänke am Teich“");
    * ``label``: how the moderation queue introduces a comment on it ("zum Vorschlag");
    * ``can_see``: whether the target exists for the person (else 404);
    * ``refusal``: why nobody can comment on it now, beyond the project's phase (for
      example a hidden proposal); None when it may be commented on;
    * ``lock``: lock the target's row for this transaction and return it fresh;
    * ``refresh_counters``: recompute its comment counter (database expressions).
    """

    kind: str
    model_label: str
    project_path: str
    project: Callable[[Any], Any]
    url: Callable[[Any], str]
    create_url: Callable[[Any], str]
    title: Callable[[Any], str]
    label: Any
    can_see: Callable[[Any, Any], bool]
    refusal: Callable[[Any], Refusal | None]
    lock: Callable[[int], Any]
    refresh_counters: Callable[[int], None]


_REGISTRY: dict[str, CommentTarget] = {}


def register_comment_target(target: CommentTarget) -> None:
    """Called by the owning app in ``ready()``; registering a kind again replaces it."""
    _REGISTRY[target.kind] = target


def registered_kinds() -> tuple[str, ...]:
    return tuple(_REGISTRY)


def spec_for_kind(kind: str) -> CommentTarget | None:
    return _REGISTRY.get(kind)


def spec_for(obj) -> CommentTarget | None:
    """The registration of ``obj``'s model, or None (ideas, measures, projects)."""
    meta = getattr(obj, "_meta", None)
    if meta is None:
        return None
    for spec in _REGISTRY.values():
        if spec.model_label == meta.label:
            return spec
    return None


def spec_of_comment(comment) -> CommentTarget | None:
    """The registration whose foreign key is set on ``comment``, or None."""
    for spec in _REGISTRY.values():
        if getattr(comment, f"{spec.kind}_id", None) is not None:
            return spec
    return None


def comment_select_related() -> tuple[str, ...]:
    """``select_related`` paths from a comment to the registered targets and their
    projects ("proposal__budget__project")."""
    return tuple(f"{spec.kind}__{spec.project_path}" for spec in _REGISTRY.values())
