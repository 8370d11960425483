"""participation's sections on the measure page and the project page (registered in
``ParticipationConfig.ready()``). Each part fills its provider."""


def measure_comments_section(request, measure):
    return None


def measure_ideas_section(request, measure):
    return None


def project_ideas_section(request, project):
    return None


def project_comments_section(request, project):
    return None
