"""The models of 互动交流, one module per seam:

- ``messages``: mailboxes, handling units, citizens' messages and their log;
- ``channels``: consultations, surveys and interviews (page types) and what citizens
  send to them, with the staff's moderation.

Both are imported here by name so that Django finds them in the app's models
module; other modules import from ``jiyue.interaction.models``."""

from .channels import (
    Adoption,
    ChannelPage,
    CitizenSubmission,
    ConsultationComment,
    ConsultationDocument,
    ConsultationPage,
    InterviewEntry,
    InterviewGuest,
    InterviewPage,
    InterviewQuestion,
    Moderation,
    Phase,
    PhaseMark,
    QuestionKind,
    Speaker,
    SurveyAnswer,
    SurveyPage,
    SurveyQuestion,
    SurveyResponse,
    SurveyResultsRelease,
    phase_of,
)
from .messages import (
    ANSWERED_STATUSES,
    OPEN_STATUSES,
    REPLY_STATUSES,
    EventAction,
    HandlingUnit,
    Mailbox,
    MailboxKind,
    Message,
    MessageEvent,
    Rating,
    Status,
)

__all__ = [
    "ANSWERED_STATUSES",
    "OPEN_STATUSES",
    "REPLY_STATUSES",
    "Adoption",
    "ChannelPage",
    "CitizenSubmission",
    "ConsultationComment",
    "ConsultationDocument",
    "ConsultationPage",
    "EventAction",
    "HandlingUnit",
    "InterviewEntry",
    "InterviewGuest",
    "InterviewPage",
    "InterviewQuestion",
    "Mailbox",
    "MailboxKind",
    "Message",
    "MessageEvent",
    "Moderation",
    "Phase",
    "PhaseMark",
    "QuestionKind",
    "Rating",
    "Speaker",
    "Status",
    "SurveyAnswer",
    "SurveyPage",
    "SurveyQuestion",
    "SurveyResponse",
    "SurveyResultsRelease",
    "phase_of",
]
