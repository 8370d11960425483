urlpatterns: list = []


def measure_ideas_section(request, measure):
    return None


def project_ideas_section(request, project):
    return None
