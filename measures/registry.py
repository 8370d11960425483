"""Sections that higher apps add to the measure page (comments, ideas that led to the
measure). measures never imports them: participation registers its sections in its
``AppConfig.ready()``.

A section provider is ``fn(request, measure) -> PageSection | None``; it must run a fixed
number of queries.
"""

from collections.abc import Callable
from dataclasses import dataclass, field


@dataclass
class PageSection:
    template: str
    context: dict = field(default_factory=dict)
    order: int = 100


SectionProvider = Callable[..., PageSection | None]
_measure_page_sections: list[SectionProvider] = []


def register_measure_page_section(provider: SectionProvider) -> SectionProvider:
    if provider not in _measure_page_sections:
        _measure_page_sections.append(provider)
    return provider


def measure_page_sections(request, measure) -> list[PageSection]:
    sections = [provider(request, measure) for provider in _measure_page_sections]
    return sorted((s for s in sections if s is not None), key=lambda s: s.order)
