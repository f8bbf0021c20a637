"""依申请公开: citizens' and organisations' requests for government information,
by the Regulations on Open Government Information (2019): the online form, the
handling chain with its 20-working-day clock (补正 and 征求第三方意见 stop it; one
extension of 20 working days), the reply with its legal ground, and the figures
of the yearly disclosure report's third table (docs/decisions/0750-information-requests.md).

Public functions for the other apps::

    from jiyue.disclosure.selectors import request_statistics
"""
