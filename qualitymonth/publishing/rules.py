"""Who may do what with posts: authors in any unit draft; the secretariat's editors review,
return, schedule, publish and withdraw; a unit publishes its own member activity once the
editors approved it."""

import rules

from qualitymonth.organizations.rules import is_secretariat, is_staff_of_some_unit
from qualitymonth.organizations.selectors import staff_unit_ids


@rules.predicate
def is_author(user, post) -> bool:
    """Who wrote it, or staff of its unit."""
    if post is None or not user.is_authenticated:
        return False
    if post.created_by_id == user.pk:
        return True
    return post.unit_id is not None and post.unit_id in staff_unit_ids(user)


@rules.predicate
def is_editable(user, post) -> bool:
    return post is not None and post.is_editable


@rules.predicate
def approved_member_activity(user, post) -> bool:
    from qualitymonth.publishing.models import PostKind, PostState

    return (
        post is not None
        and post.kind == PostKind.MEMBER_ACTIVITY
        and post.state == PostState.APPROVED
        and post.unit_id is not None
        and post.unit_id in staff_unit_ids(user)
    )


rules.add_perm("publishing.write_posts", is_secretariat | is_staff_of_some_unit)
rules.add_perm("publishing.review_posts", is_secretariat)
rules.add_perm("publishing.open_draft", is_secretariat | is_author)
rules.add_perm("publishing.edit_post", is_secretariat | (is_author & is_editable))
rules.add_perm("publishing.publish_post", is_secretariat | approved_member_activity)
rules.add_perm("publishing.edit_pages", is_secretariat)

rules.add_perm("publishing", is_secretariat)
for model in ("post", "tag", "attachment", "revision", "page"):
    for verb in ("view", "add", "change", "delete"):
        rules.add_perm(f"publishing.{verb}_{model}", is_secretariat)
