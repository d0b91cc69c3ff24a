"""What accounts tells the apps that depend on it, without knowing them (they connect in their own `ready`)."""

from django.dispatch import Signal

# A child's diary became her own (accounts.handover): `patient`, and `teen`, her new account. Sent inside the
# handover's transaction, so a receiver's writes commit or roll back with it.
diary_handed_over = Signal()
