"""Notifications: who is told what (events), the rows (services), how each person wants
them by e-mail (preferences), immediate e-mails claimed under a row lock (delivery), and
daily/weekly digests (digests). Celery tasks in ``participation.tasks`` only call these.
"""
