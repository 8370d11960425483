"""Who may do what in a Bürgerbudget: one module per area of the process
(``proposals``, ``review``, ``ballots``, ``results``), each ``may_<action>(user, obj)
-> Refusal | None``, composed from the predicates in ``core.rules``, ``projects.rules``
and the eligibility of the phases (``projects.eligibility``)."""
