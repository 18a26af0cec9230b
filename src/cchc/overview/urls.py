"""URLs of the overview and of the public page (Vietnamese paths, as the department says them)."""

from django.urls import path

from cchc.overview import views

app_name = "overview"

urlpatterns = [
    path("tong-quan/", views.overview, name="home"),
    path("cong-khai/<slug:org_code>/", views.public_page, name="public"),
    path("cong-khai/<slug:org_code>/nhung/", views.public_embed, name="public_embed"),
    path("cong-khai/<slug:org_code>/du-lieu.json", views.public_feed, name="public_feed"),
]
