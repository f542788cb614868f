"""Date formats per language (FORMAT_MODULE_PATH): one style for dates in each language.

Chinese pages write 2026年9月1日, English ones 1 Sep 2026; the short formats are the same
styles, so a table and a sentence on one page agree. Times are 24-hour everywhere.
Anything not set here falls back to Django's own formats for the language.
"""
