"""A newsletter to 20,000 recipients queued and rendered, on PostgreSQL, vs a floor.

`make bench` runs it. It makes a scratch database beside the one in --pg-url, writes 20,000
people subscribed to one category and a few posts, and, in each round:

1. floor: the newsletter's two templates (text and HTML) rendered 20,000 times with one
   fixed context and handed, as the same two-part mail, to Django's in-memory mail backend
   in batches of 200 (what rendering and sending cost with nothing of the platform's around
   them: no database, no signed links, no segment);
2. newsletter: a fresh newsletter to the same people is queued the way the compose page
   does it (newsletters.services.queue: recipients counted, the worker's task enqueued) and
   sent the way the worker does it (newsletters.services.send_all: batches of 200, each
   asking for its recipients again, every mail with its own unsubscribe and open links and a
   delivery row written), into the same backend.

The figure is the newsletter's time over the floor's in the same round (the order alternates
from round to round), the median over the rounds with its spread; the mails per second are
printed too. Each round checks that every recipient got exactly one mail. Written to
var/bench/newsletters.json; prints "skipped" when PostgreSQL cannot be reached.
"""

import argparse
import datetime
import json
import os
import platform
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BENCH_DB = "qualitymonth_bench_newsletters"
OUTPUT = ROOT / "var" / "bench" / "newsletters.json"
BATCH = 200


def make_people(count: int, batch: int = 5000):
    """`count` people subscribed to one category, and a few published posts; the category."""
    from qualitymonth.newsletters.models import Category, Subscription
    from qualitymonth.organizations.models import User
    from qualitymonth.publishing.models import Post, PostState

    category = Category.objects.create(key="bench", name="质量月简讯", name_en="Quality Month")
    for start in range(0, count, batch):
        users = User.objects.bulk_create(
            User(username=f"reader{n}", email=f"reader{n}@example.org", password="!")
            for n in range(start, min(start + batch, count))
        )
        Subscription.objects.bulk_create(
            Subscription(user=user, category=category) for user in users
        )
    now = datetime.datetime.now(datetime.UTC)
    Post.objects.bulk_create(
        Post(
            kind="notice",
            title=f"关于开展2026年质量月活动的通知（{n}）",
            body="各会员单位：请按时报送材料。",
            state=PostState.PUBLISHED,
            publish_at=now - datetime.timedelta(days=n),
        )
        for n in range(1, 6)
    )
    return category


def floor(category, posts, people) -> float:
    """The same two-part mail rendered and handed to the backend, nothing else around it."""
    from django.conf import settings
    from django.core.mail import EmailMultiAlternatives, get_connection
    from django.template.loader import render_to_string

    from qualitymonth.newsletters.models import Newsletter

    newsletter = Newsletter(category=category, subject="质量月简讯", introduction="本期要闻。")
    site = settings.SITE_URL.rstrip("/")
    context = {
        "newsletter": newsletter,
        "posts": posts,
        "site": site,
        "unsubscribe_url": site + "/newsletters/unsubscribe/x/",
        "open_url": site + "/newsletters/opened/x.gif",
    }
    started = time.perf_counter()
    with get_connection() as connection:
        for start in range(0, len(people), BATCH):
            messages = []
            for user in people[start : start + BATCH]:
                context["user"] = user
                message = EmailMultiAlternatives(
                    newsletter.subject,
                    render_to_string("newsletters/email.txt", context),
                    settings.DEFAULT_FROM_EMAIL,
                    [user.email],
                )
                html = render_to_string("newsletters/email.html", context)
                message.attach_alternative(html, "text/html")
                messages.append(message)
            connection.send_messages(messages)
    return time.perf_counter() - started


def newsletter_round(category, posts) -> tuple[float, float]:
    """(seconds to queue, seconds to send): a fresh newsletter to every subscriber."""
    from qualitymonth.newsletters import services
    from qualitymonth.newsletters.models import Newsletter

    newsletter = Newsletter.objects.create(
        category=category, subject="质量月简讯", introduction="本期要闻。"
    )
    newsletter.posts.set(posts)
    started = time.perf_counter()
    services.queue(actor=None, newsletter=newsletter)
    queued = time.perf_counter() - started
    started = time.perf_counter()
    services.send_all(newsletter.pk)
    return queued, time.perf_counter() - started


def check(expected: int) -> None:
    from django.core import mail

    sent = {message.to[0] for message in mail.outbox}
    if len(mail.outbox) != expected or len(sent) != expected:
        raise RuntimeError(f"{len(mail.outbox)} mails to {len(sent)} people, not {expected}")
    mail.outbox.clear()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--pg-url",
        default=os.environ.get("PG_URL", "postgres://postgres@127.0.0.1:5432/test"),
        help=f"a PostgreSQL server to use; the bench makes its own database {BENCH_DB} there",
    )
    parser.add_argument("--recipients", type=int, default=20_000, help="subscribed people")
    parser.add_argument("--rounds", type=int, default=3, help="measured rounds")
    parser.add_argument("--output", type=Path, default=OUTPUT, help="where the JSON goes")
    parser.add_argument("--quick", action="store_true", help="2,000 recipients, one round")
    args = parser.parse_args()
    if args.quick:
        args.recipients, args.rounds = min(args.recipients, 2_000), 1
    if args.rounds < 1:
        parser.error("--rounds must be at least 1")

    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from scratch import prepare, recreate_database

    workdir = prepare(
        args.pg_url, BENCH_DB, EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend"
    )
    if workdir is None:
        return 0
    sys.path.insert(0, str(ROOT))
    try:
        import django

        django.setup()
        from django.core import mail
        from django.core.management import call_command
        from django.utils import translation

        from qualitymonth.newsletters import selectors
        from qualitymonth.publishing.models import Post

        call_command("migrate", verbosity=0)
        translation.activate("zh-hans")
        mail.outbox = []
        started = time.perf_counter()
        category = make_people(args.recipients)
        print(f"{args.recipients} subscribers written in {time.perf_counter() - started:.0f} s")
        posts = list(Post.objects.order_by("-publish_at", "-pk"))
        people = list(selectors.subscribers(category).order_by("pk"))
        print(
            f"machine: {os.cpu_count()} CPUs, {platform.machine()}, {platform.system()}, "
            f"Python {platform.python_version()}; {len(posts)} posts a newsletter, "
            f"batches of {BATCH}, Django's in-memory mail backend"
        )
        ratios, rates, queue_times = [], [], []
        for number in range(1, args.rounds + 1):
            measured = {}
            for part in ("floor", "newsletter") if number % 2 else ("newsletter", "floor"):
                if part == "floor":
                    measured["floor"] = floor(category, posts, people)
                else:
                    queued, sent = newsletter_round(category, posts)
                    measured["newsletter"] = queued + sent
                    queue_times.append(queued)
                check(args.recipients)
            ratio = measured["newsletter"] / measured["floor"]
            rate = args.recipients / measured["newsletter"]
            print(
                f"round {number}: newsletter {measured['newsletter']:6.1f} s "
                f"(queued in {queue_times[-1]:.2f} s; {rate:.0f} mails/s)  "
                f"floor {measured['floor']:6.1f} s  {ratio:.2f}×",
                flush=True,
            )
            ratios.append(ratio)
            rates.append(rate)
        median = statistics.median(ratios)
        print(
            f"\nmedian of the rounds; ratio = newsletter's time / floor's (lower is better)\n"
            f"newsletter to {args.recipients} recipients queued and rendered: {median:.2f}× "
            f"the floor ({min(ratios):.2f}–{max(ratios):.2f}); "
            f"{statistics.median(rates):.0f} mails/s"
        )
        results = [
            {
                "name": f"newsletter to {args.recipients:,} recipients, queued and rendered",
                "ratio": round(median, 3),
                "spread": round(max(ratios) - min(ratios), 3),
                "unit": "time",
                "note": f"{statistics.median(rates):.0f} mails/s, queued in "
                f"{statistics.median(queue_times):.1f} s",
            }
        ]
        args.output.parent.mkdir(parents=True, exist_ok=True)
        args.output.write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n")
        print(f"written to {args.output}")
    finally:
        workdir.cleanup()
        from django.db import connections

        connections.close_all()
        recreate_database(args.pg_url, BENCH_DB, create=False)
    return 0


if __name__ == "__main__":
    sys.exit(main())
