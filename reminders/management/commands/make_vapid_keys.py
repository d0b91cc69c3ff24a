import json
import os

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from reminders.push import new_vapid_keys


class Command(BaseCommand):
    help = (
        "Prints a new VAPID key pair for Web Push, as the two environment variables Stride reads. With --dev "
        "(DJANGO_DEBUG=true only), keeps a development pair in the git-ignored .stride-dev-vapid.json instead, "
        "made once, which settings read when no keys are set."
    )

    def add_arguments(self, parser):
        parser.add_argument("--dev", action="store_true", help="Make the development pair once (make run).")

    def handle(self, *, dev, **options):
        if dev:
            return self.development_pair()
        private, public = new_vapid_keys()
        self.stdout.write(f"STRIDE_VAPID_PRIVATE_KEY={private}\nSTRIDE_VAPID_PUBLIC_KEY={public}")
        self.stderr.write("Keep the private key secret. Changing the pair later ends every phone's subscription.")

    def development_pair(self):
        if not settings.DEBUG:
            raise CommandError("--dev is for development (DJANGO_DEBUG=true): set real keys in the environment.")
        path = settings.STRIDE_DEV_VAPID_FILE
        if os.environ.get("STRIDE_VAPID_PRIVATE_KEY") or os.environ.get("STRIDE_VAPID_PUBLIC_KEY") or path.exists():
            return  # keys from the environment, or the pair made before: the same phones stay subscribed
        private, public = new_vapid_keys()
        # Created readable by its owner only, and never replaced: a new pair would end every test subscription.
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(descriptor, "w") as file:
            json.dump({"private": private, "public": public}, file)
        self.stdout.write(f"Made a development key pair for notifications in {path.name} (git-ignored).")
