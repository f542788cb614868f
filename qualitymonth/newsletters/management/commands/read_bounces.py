from django.core.management.base import BaseCommand, CommandError

from qualitymonth.newsletters.tasks import read_bounces


class Command(BaseCommand):
    help = (
        "Read the mail server's delivery reports (bounces) from NEWSLETTER_BOUNCE_MAILBOX and "
        "count permanent failures as bounced (run every few minutes)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--mailbox",
            default="",
            help="A Maildir folder, an mbox file, imaps://user:password@host/folder or "
            "pop3s://user:password@host (default: NEWSLETTER_BOUNCE_MAILBOX).",
        )
        parser.add_argument(
            "--now", action="store_true", help="Read here instead of queueing the worker."
        )

    def handle(self, *args, **options):
        if options["now"]:
            try:
                self.stdout.write(str(read_bounces.call(options["mailbox"])))
            except (OSError, ValueError) as error:
                raise CommandError(f"the bounce mailbox could not be read: {error}") from error
            return
        result = read_bounces.enqueue(options["mailbox"])
        self.stdout.write(f"queued {result.id}")
