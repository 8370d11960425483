urlpatterns: list = []


def measure_comments_section(request, measure):
    return None


def project_comments_section(request, project):
    return None
