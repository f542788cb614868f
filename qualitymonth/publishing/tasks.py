"""Background work of publishing, run by `qualitymonth db_worker`.

Scheduling a post queues `publish_post` to run at its minute; `publish_posts` (the command,
run every few minutes from cron or a timer, like the other apps' daily commands) queues
`publish_due_posts`, which catches anything a stopped worker missed and records expiries.
Both take ids and are safe to run twice.
"""

from django_tasks import task

from qualitymonth.publishing import services


@task()
def publish_post(post_id: int) -> dict:
    # The round publishes every post due by now, this one included; a post withdrawn or
    # moved to a later time in the meantime is left alone.
    return services.publish_due_posts()


@task()
def publish_due_posts() -> dict:
    return services.publish_due_posts()
