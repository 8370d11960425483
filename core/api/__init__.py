"""What every endpoint under /api/v1/ shares: the strict ordering filter, the mapping of
the services' exceptions to 4xx answers, the throttle for writes, the documented error
shapes and the personal API tokens. The endpoints themselves live in each app's ``api/``
package (``geo.api`` for the districts)."""
