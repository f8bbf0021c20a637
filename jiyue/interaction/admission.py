"""Letting a citizen's submission in: the rate limits and the CAPTCHA's single
use, for every form and API endpoint that takes one (mailboxes, error reports,
comments, interview questions, survey answers) and for the status queries and
ratings (docs/decisions/0316-client-address-and-budgets.md).

A submission is counted against its address's budget for that form; its token
is spent on any attempt (right or wrong); the form-wide budget counts only
submissions that passed the CAPTCHA. With Redis all of it is one round trip
(docs/decisions/0314-submission-cpu.md).
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from . import captcha, ratelimit

TOO_MANY = _("提交过于频繁，请稍后再试。")
TOO_MANY_QUERIES = _("查询过于频繁，请稍后再试。")


def admit(request, form_key: str, form) -> str | None:
    """Count one submission of ``form`` (a bound ``CaptchaMixin`` form) and
    take its token's single use; the form learns the CAPTCHA's result
    (``captcha_result``) and reports a wrong answer itself. Returns the Chinese
    refusal when a budget is spent (answer 429), else None."""
    token = str(form.data.get("captcha_token", "") or "")
    answer = str(form.data.get("captcha_answer", "") or "")
    nonce, right = captcha.check(token, answer)
    allowed, claimed = ratelimit.allow_and_claim(
        address=ratelimit.client_address(request),
        form=form_key,
        claim=captcha.used_key(nonce) if nonce else None,
        claim_seconds=captcha.MAX_AGE,
        solved=right,
    )
    form.captcha_result = claimed and right
    return None if allowed else str(TOO_MANY)


def admit_query(request, kind: str) -> str | None:
    """One status query or rating (``kind``) from the request's address: a
    per-address budget of its own, no cluster-wide one. Returns the Chinese
    refusal when it is spent, else None."""
    address = ratelimit.client_address(request)
    if ratelimit.allow(address=address, form=kind, limit="per_address_query"):
        return None
    return str(TOO_MANY_QUERIES)
