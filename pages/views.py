import re

from django.conf import settings
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import get_language

from core.sections import page_sections

from .easy_language import easy_blocks
from .models import EASY_PREFIX, EasyTopic, Page, easy_page_slug
from .selectors import page_shown, pages_shown, sign_language_videos


def home(request):
    """The start page: its fixed text here, what is happening now from the higher apps
    (``start``) through the page sections registry."""
    return render(request, "pages/home.html", {"sections": page_sections("home", request, None)})


def enforcement_body() -> dict:
    """The enforcement body the accessibility statement names (settings
    ACCESSIBILITY_ENFORCEMENT_BODY); address lines separated by ";" or line breaks."""
    body = dict(settings.ACCESSIBILITY_ENFORCEMENT_BODY)
    address = body.get("address") or ""
    body["address_lines"] = [line.strip() for line in re.split(r"[;\n]", address) if line.strip()]
    return body


def page(request, slug: str):
    """A legal page: the editor's version where there is one, otherwise the shipped text."""
    context = {"page": page_shown(slug=slug, language=get_language())}
    if slug == Page.Kind.ACCESSIBILITY:
        context.update(
            enforcement=enforcement_body(),
            answer_days=settings.BARRIER_FEEDBACK_ANSWER_DAYS,
        )
    return render(request, "pages/page.html", context)


def easy_start(request):
    """The start page in Leichte Sprache: what it is, and the four topics of BITV 2.0 §4.
    One query (all five pages' editor versions)."""
    slugs = [EASY_PREFIX, *(easy_page_slug(topic) for topic in EasyTopic.values)]
    shown = pages_shown(slugs=slugs, language=get_language())
    start = shown[EASY_PREFIX]
    # Links resolved here, in the reader's language: the template renders the text in German.
    topics = [
        {
            "topic": topic,
            "title": shown[easy_page_slug(topic)].title,
            "url": reverse("pages:easy-topic", args=[topic]),
        }
        for topic in EasyTopic.values
    ]
    return render(
        request,
        "pages/easy_start.html",
        {"page": start, "groups": easy_blocks(start.body), "topics": topics},
    )


def easy_topic(request, topic: str):
    """One of the four topics in Leichte Sprache. One query."""
    if topic not in EasyTopic.values:
        raise Http404
    topics = list(EasyTopic.values)
    position = topics.index(topic)
    shown = page_shown(slug=easy_page_slug(topic), language=get_language())
    return render(
        request,
        "pages/easy_topic.html",
        {
            "page": shown,
            "topic": topic,
            "groups": easy_blocks(shown.body),
            "number": position + 1,
            "next_topic": topics[position + 1] if position + 1 < len(topics) else None,
            "barrier_report_url": reverse("barriers:report"),
        },
    )


def sign_language(request):
    """The four topics in German Sign Language: the videos uploaded so far, and for the
    others what to do meanwhile. One query."""
    videos = sign_language_videos()
    topics = [
        {"topic": topic, "label": label, "video": videos.get(topic)}
        for topic, label in EasyTopic.choices
    ]
    return render(
        request,
        "pages/sign_language.html",
        {
            "topics": topics,
            "video_count": len(videos),
            "barrier_report_url": reverse("barriers:report"),
        },
    )


def sign_language_captions(request, topic: str):
    """A video's captions, from the site itself: a <track> from another origin (object
    storage) would need CORS on the bucket, a track from the site needs nothing."""
    video = sign_language_videos().get(topic)
    if video is None or not video.captions:
        raise Http404
    with video.captions.open("rb") as captions:
        content = captions.read()
    response = HttpResponse(content, content_type="text/vtt; charset=utf-8")
    response["Cache-Control"] = "public, max-age=300"
    return response
