from wagtail import hooks

from .views import site_profile_viewset


@hooks.register("register_admin_viewset")
def register_site_profile_viewset():
    return site_profile_viewset
