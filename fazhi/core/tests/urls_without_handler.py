"""The site's URLs without its handler500: for the test that removes the 503 controls."""

from fazhi.urls import urlpatterns  # noqa: F401
