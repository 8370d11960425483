from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.urls import NoReverseMatch, reverse
from django.utils.translation import get_language

from .easy_language import easy_blocks
from .models import EASY_PREFIX, EasyTopic, easy_page_slug
from .selectors import page_shown, pages_shown, sign_language_videos

# Until the barrier feedback form exists under this name, its planned address.
BARRIER_REPORT_FALLBACK = "/barriere-melden/"


def home(request):
    return render(request, "pages/home.html")


def page(request, slug: str):
    """A legal page: the editor's version where there is one, otherwise the shipped text."""
    return render(
        request, "pages/page.html", {"page": page_shown(slug=slug, language=get_language())}
    )


def barrier_report_url() -> str:
    try:
        return reverse("barriers:report")
    except NoReverseMatch:
        return BARRIER_REPORT_FALLBACK


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
            "barrier_report_url": barrier_report_url(),
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
            "barrier_report_url": barrier_report_url(),
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
