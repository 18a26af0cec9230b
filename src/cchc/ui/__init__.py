"""Low-level pieces every app's screens share (not a Django app): form widgets and what a
busy database means for the person. Imports only Django and ``cchc.core``."""
