"""Text for files that people open in a spreadsheet (open data, staff exports).

A cell that starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return would be
run as a formula; in CSV it gets a leading apostrophe (OWASP's advice on CSV injection).
"""

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def defused(value):
    """``value`` with a leading apostrophe when it is text that starts like a formula;
    anything else (numbers, dates, None, other text) unchanged."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value
