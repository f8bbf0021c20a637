"""Admin routes of the search, mounted at ``/admin/search/``."""

from django.urls import path

from jiyue.search.admin import views

app_name = "search_admin"

urlpatterns = [
    path("", views.index, name="index"),
    path("bets/", views.bets, name="bets"),
    path("bets/cluster/", views.bets_cluster, name="bets_cluster"),
    path("bets/<int:site_id>/", views.bets_site, name="bets_site"),
    path("synonyms/", views.synonyms, name="synonyms"),
    path("synonyms/cluster/", views.synonyms_cluster, name="synonyms_cluster"),
    path("synonyms/<int:site_id>/", views.synonyms_site, name="synonyms_site"),
    path("words/", views.words, name="words"),
    path("stats/", views.stats_view, name="stats"),
    path("stats/export/", views.stats_export, name="stats_export"),
]
