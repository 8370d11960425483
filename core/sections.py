"""Sections that higher apps add to a lower app's page: participation adds comments and
"ideas that led here" to the measure page, and ideas/comments to the project page,
without measures or projects importing participation; ``start`` fills the home page.
Higher apps register their providers in ``AppConfig.ready()``.

A provider is ``fn(request, obj) -> PageSection | None`` and must run a fixed number of
queries, whatever the number of rows.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Literal

Page = Literal["measure", "project", "budget", "proposal", "home"]


@dataclass
class PageSection:
    template: str
    context: dict = field(default_factory=dict)
    order: int = 100


SectionProvider = Callable[..., PageSection | None]
_providers: dict[str, list[SectionProvider]] = {}


def register_section(page: Page, provider: SectionProvider) -> SectionProvider:
    providers = _providers.setdefault(page, [])
    if provider not in providers:
        providers.append(provider)
    return provider


def page_sections(page: Page, request, obj) -> list[PageSection]:
    sections = [provider(request, obj) for provider in _providers.get(page, [])]
    return sorted((s for s in sections if s is not None), key=lambda s: s.order)
