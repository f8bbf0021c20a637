"""Template context every page of both applications gets."""

from django.conf import settings


def platform_name(request):
    """The platform's name as the office configured it (JIYUE_PLATFORM_NAME)."""
    return {"jiyue_platform_name": settings.JIYUE_PLATFORM_NAME}
