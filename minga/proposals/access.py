"""The one way views reach proposals and their comments.

Raises Http404 when the object does not exist (or the id is malformed); a proposal hidden by
moderation is still found (its page shows the hidden notice), but ``for_write`` needs its
author or a moderator.
"""

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404

from minga.core.ids import id_or_404

from . import permissions
from .models import Comment, Proposal


def access_proposal(user: Any, proposal_id: Any, *, for_write: bool = False) -> Proposal:
    """Anyone reads a proposal (hidden ones show only the moderation notice to the public);
    editing needs the author or a moderator."""
    proposal = (
        Proposal.objects.select_related(
            "author", "organization__headquarters", "intermediary__headquarters", "merged_into"
        )
        .filter(pk=id_or_404(proposal_id))
        .first()
    )
    if proposal is None:
        raise Http404
    if for_write and not permissions.can_edit_proposal(user, proposal):
        raise PermissionDenied
    return proposal


def may_see_content(user: Any, proposal: Proposal) -> bool:
    """Whether the text of a hidden proposal may be shown to this user."""
    return not proposal.is_hidden or permissions.can_see_hidden_proposal(user, proposal)


def access_comment(user: Any, proposal: Proposal, comment_id: Any) -> Comment:
    comment = Comment.objects.filter(pk=id_or_404(comment_id), proposal=proposal).first()
    if comment is None:
        raise Http404
    return comment
