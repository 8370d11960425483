"""Notifications: follows, who is told what (receivers), the rows (services), how each
person wants them by e-mail (preferences), immediate e-mails claimed under a row lock
(delivery), and daily/weekly digests (digests). The Celery tasks (``tasks``) only call
these.
"""
