"""The process screens: the assessments, the score table, an item and its actions."""

urlpatterns: list = []
