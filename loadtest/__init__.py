"""The load test: a voting phase under load (issue #7). Run it with scripts/loadtest.sh."""
