from django.http import Http404


def project_list(request):
    raise Http404


def project_detail(request, slug):
    raise Http404
