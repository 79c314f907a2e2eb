"""makemessages that also extracts ``N_("…")``: the name ``gettext_noop`` is imported as where a
list of stored Vietnamese names is translated only when shown (reporting's presets)."""

from django.core.management.commands import makemessages


class Command(makemessages.Command):
    xgettext_options = [*makemessages.Command.xgettext_options, "--keyword=N_"]
