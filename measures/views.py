from django.shortcuts import render


def overview(request):
    return render(request, "measures/overview.html", {})


def measure_list(request):
    return render(request, "measures/overview.html", {})


def measure_detail(request, slug):
    return render(request, "measures/overview.html", {})


def bundle_detail(request, slug):
    return render(request, "measures/overview.html", {})
