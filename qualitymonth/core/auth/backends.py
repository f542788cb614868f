"""Django's ModelBackend, reading the signed-in person's row by SQL compiled once per process.

Every request of a signed-in session reads its person (AuthenticationMiddleware, through the
backend that signed them in). Through the ORM that read cost the worker more CPU building the
query than the database spent answering it; here the ORM compiles it on the first request
only (core/rows.py) and the row becomes the same instance the ORM would have made. Who may
sign in, and what they may do, is Django's ModelBackend's own, unchanged.
"""

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend as DjangoModelBackend

from qualitymonth.core.prepared import prepared_cursor
from qualitymonth.core.rows import compiled_once, model_from_row

# An id the person's row may have: within a 32-bit integer, so that the ORM's compiled SQL
# (which it compiles with in-range probes) never meets a number the column cannot hold.
LARGEST_ID = 2**31 - 1


def _person_query(pk):
    model = get_user_model()
    names = [field.attname for field in model._meta.concrete_fields]
    return model._default_manager.filter(pk=pk).order_by().values_list(*names)


class ModelBackend(DjangoModelBackend):
    def get_user(self, user_id):
        if not isinstance(user_id, int) or not 0 < user_id <= LARGEST_ID:
            return super().get_user(user_id)
        model = get_user_model()
        sql, params = compiled_once(_person_query, user_id)
        with prepared_cursor() as cursor:
            cursor.execute(sql, params)
            row = cursor.fetchone()
        if row is None:
            return None
        user = model_from_row(model, model._meta.concrete_fields, row)
        return user if self.user_can_authenticate(user) else None
