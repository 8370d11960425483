from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


def _budget_page_tags(budget) -> tuple[str, ...]:
    """The project page shows the budget's box (amount, cap): its cached copy for
    visitors is renewed when the budget changes."""
    from projects.models import Project
    from projects.pagecache import project_tag

    slugs = Project.objects.filter(pk=budget.project_id).values_list("slug", flat=True)
    return tuple(project_tag(slug) for slug in slugs)


class BudgetsConfig(AppConfig):
    name = "participation.budgets"
    label = "budgets"
    verbose_name = _("Bürgerbudget")

    def ready(self) -> None:
        from core import pagecache as core_pagecache
        from core.sections import register_section
        from participation.ideas.targets import register_comment_target

        from . import pagecache
        from .models import Budget
        from .sections import results_section
        from .views import comments as comment_views
        from .views import proposals
        from .views import review as review_views
        from .views.ballots import voting_section

        register_section("project", proposals.project_budget_section)
        core_pagecache.invalidate_on_change(
            [Budget], _budget_page_tags, uid="pagecache.budgets.proposals"
        )
        register_section("proposal", review_views.proposal_review_section)
        register_section("budget", review_views.budget_review_section)
        register_section("budget", voting_section)
        register_section("budget", results_section)
        pagecache.connect()
        register_comment_target(comment_views.PROPOSAL_COMMENT_TARGET)
        register_section("proposal", comment_views.proposal_comments_section)
