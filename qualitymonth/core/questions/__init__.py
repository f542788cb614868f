"""Custom questions: what an organiser adds to a form (an event's registration, an award's
application, later a course's enrolment or a membership request).

One definition of the fields and kinds (models.CustomQuestion, abstract: each app keeps its
own table with a key to its owner), one form builder (forms.py) and one way to clean a set of
answers and to show them (answers.py).
"""
