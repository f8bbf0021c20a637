"""The worker runs other apps' jobs for real: their fixtures (the monitor's loopback
server of the demo portal, interaction's mailboxes and units) are theirs, reused."""

from jiyue.interaction.tests.conftest import leader_box, unit, www  # noqa: F401
from jiyue.monitor.tests.conftest import (  # noqa: F401
    _private_targets_allowed,
    platform_server,
    portal,
)
