"""互动交流: mailboxes, citizens' messages, error reports, deadlines in working days.

Public functions for the other apps (the yearly report reads the statistics)::

    from jiyue.interaction.selectors import interaction_statistics
"""
