"""Moderation pages: the report form, the moderation queue of a project (and of the
comments on measures), a single item's page, bulk actions, and the review requests.

Thin views: ``selectors`` read (a fixed number of queries per page), ``services``
decide and write. Everything works without JavaScript: the bulk checkboxes belong to
the bulk form through their ``form`` attribute; each item has its own small form; a
refused action comes back with the message next to its field.

Who sees the queue: moderators of that project (``projects.rules.moderates_project``)
and global moderators; the measures queue only global moderators. Anonymous people are
sent to the login, everybody else gets 403.

One module per page: ``queue`` (the queue, its bulk action and the alerts about new
reports), ``items`` (one reported item), ``reviews`` (a moderator decides a review; an
author requests one), ``flags`` (the report form), ``sections`` (on the project page);
``common`` has what they share (the scope check, the rows of decisions and reviews).
"""
