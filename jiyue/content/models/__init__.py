"""Page types of the unified content model (统一元数据)."""

from .attachments import Attachment
from .base import ItemPage
from .column import ColumnKind, ColumnPage, HomePage
from .people import LeaderPage, OrganisationPage
from .policy import (
    IndexNumberCounter,
    InterpretationForm,
    InterpretationPage,
    PolicyAttachment,
    PolicyDocumentPage,
    Validity,
)
from .taxonomy import TopicCategory
from .topic import ArticlePage, TopicPage

__all__ = [
    "ArticlePage",
    "Attachment",
    "ColumnKind",
    "ColumnPage",
    "HomePage",
    "IndexNumberCounter",
    "InterpretationForm",
    "InterpretationPage",
    "ItemPage",
    "LeaderPage",
    "OrganisationPage",
    "PolicyAttachment",
    "PolicyDocumentPage",
    "TopicCategory",
    "TopicPage",
    "Validity",
]
