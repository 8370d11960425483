"""Enqueueing Celery tasks from a request: a broker that is down never fails the
request (the work that needed the task is kept, and a periodic task or a fallback takes
it up)."""

import logging

logger = logging.getLogger(__name__)


def _enqueue_errors() -> tuple[type[BaseException], ...]:
    errors: list[type[BaseException]] = [ConnectionError, OSError, TimeoutError]
    try:
        from kombu.exceptions import OperationalError

        errors.append(OperationalError)
    except ImportError:  # pragma: no cover
        pass
    try:
        from redis.exceptions import RedisError

        errors.append(RedisError)
    except ImportError:  # pragma: no cover
        pass
    return tuple(errors)


ENQUEUE_ERRORS = _enqueue_errors()


def safe_delay(task, *args, **kwargs) -> bool:
    """``task.delay(...)`` that never raises because the broker is unreachable (the
    caller's fallback takes over: notification rows stay pending for the sweeper).
    Returns whether it was enqueued (or, with eager tasks, ran)."""
    try:
        task.delay(*args, **kwargs)
    except ENQUEUE_ERRORS as exc:
        logger.warning("could not enqueue %s (%s); it is left to the fallback", task.name, exc)
        return False
    except Exception:  # embedded default (eager): the task ran here and failed
        if not task.app.conf.task_always_eager:
            raise
        logger.exception("%s failed; it is left to the fallback", task.name)
        return False
    return True
