"""`make bench`: registration and check-in under load, beside a floor measured in the same run."""
