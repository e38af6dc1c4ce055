from django.urls import path

from home import views

urlpatterns = [
    path("", views.home, name="home"),
    path("province/", views.province, name="province"),
    path("province/reviews/", views.province_reviews, name="province_reviews"),
]
