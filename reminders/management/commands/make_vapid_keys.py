from django.core.management.base import BaseCommand

from reminders.push import new_vapid_keys


class Command(BaseCommand):
    help = "Prints a new VAPID key pair for Web Push, as the two environment variables Stride reads."

    def handle(self, **options):
        private, public = new_vapid_keys()
        self.stdout.write(f"STRIDE_VAPID_PRIVATE_KEY={private}\nSTRIDE_VAPID_PUBLIC_KEY={public}")
        self.stderr.write("Keep the private key secret. Changing the pair later ends every phone's subscription.")
