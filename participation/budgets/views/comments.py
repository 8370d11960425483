"""Comments on proposals: the thread on the proposal's page and the new-comment form.

The comments are those of the ideas app (``participation.ideas``): a proposal is one of
their targets (``Comment.proposal``), registered with ``participation.ideas.targets``
in ``apps.py`` (``PROPOSAL_COMMENT_TARGET``), so writing, replying, editing, deleting,
highlighting, reporting and moderating work as for ideas, through the same rules
(``participation.ideas.rules.may_comment``: while a phase of the budget's project allows
comments, within its eligibility). Here only what needs the budgets app: loading the
proposal the URL names, its URLs and title.

URL (namespace ``budgets``):

* ``<slug>/vorschlaege/<number>/kommentieren/``  proposal-comment-create  GET form, POST
  (replies, edits and deletions: the comment URLs under /beteiligung/kommentare/)
"""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.sections import PageSection
from participation.budgets.models import Proposal
from participation.budgets.rules.comments import proposal_commenting_refusal
from participation.budgets.rules.proposals import can_see_proposal
from participation.budgets.selectors.proposals import budget_for_detail, proposal_for_detail
from participation.budgets.services.comments import (
    proposal_comment_count_refresh,
    proposal_lock_for_comments,
)
from participation.ideas.targets import CommentTarget
from participation.ideas.views.comments import comment_create_page

SECTION_ORDER = 900  # as the discussions of ideas and projects: it closes the page


def _create_url(proposal: Proposal) -> str:
    return reverse(
        "budgets:proposal-comment-create",
        kwargs={"slug": proposal.budget.project.slug, "number": proposal.number},
    )


def _title(proposal: Proposal) -> str:
    return _("Vorschlag %(number)s „%(title)s“") % {
        "number": proposal.number,
        "title": proposal.title,
    }


PROPOSAL_COMMENT_TARGET = CommentTarget(
    kind="proposal",
    model_label="budgets.Proposal",
    project_path="budget__project",
    project=lambda proposal: proposal.budget.project,
    url=lambda proposal: proposal.get_absolute_url(),
    create_url=_create_url,
    title=_title,
    label=gettext_lazy("zum Vorschlag"),
    can_see=can_see_proposal,
    refusal=proposal_commenting_refusal,
    lock=proposal_lock_for_comments,
    refresh_counters=proposal_comment_count_refresh,
)


def proposal_comment_create(request, slug: str, number: int):
    """The new-comment form of a proposal (its page has the same form in the thread;
    this page shows it again with the errors or the reason it is refused)."""
    budget = budget_for_detail(user=request.user, slug=slug)
    proposal = proposal_for_detail(user=request.user, budget=budget, number=number)
    return comment_create_page(request, proposal, action=_create_url(proposal))


def proposal_comments_section(request, proposal: Proposal) -> PageSection:
    """The discussion of the proposal (``{% comment_thread %}``: one query for the
    thread, whatever the number of comments)."""
    return PageSection(
        template="budgets/comments/section_proposal.html",
        context={"proposal": proposal},
        order=SECTION_ORDER,
    )
