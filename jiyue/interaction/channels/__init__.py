"""The other channels of 互动交流: public consultations (意见征集), surveys
(网上调查) and online interviews (在线访谈).

Each is a Wagtail page type (it lives in a site's 互动交流 column, follows the
editorial workflow and is published as a static file); what citizens send
(comments, answers, questions) are ordinary models, moderated in the admin and
scoped per site (docs/decisions/0304-interaction-channels-as-pages.md).
"""
