"""The outputs: the files of the score table and the evidence, the ranking, the criteria sets."""

urlpatterns: list = []
