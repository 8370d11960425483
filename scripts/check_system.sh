#!/usr/bin/env bash
# Checks the operating-system packages Jena Smart needs, and installs the missing ones with
# apt-get when it may (root on Debian/Ubuntu). Otherwise it prints the exact command and
# stops with exit code 1.
#
#   scripts/check_system.sh           what `make run` needs: Python >= 3.11 with venv,
#                                     Node.js + npm, the GDAL library (GeoDjango),
#                                     Pango (WeasyPrint, PDF reports), ffmpeg (ffprobe
#                                     checks uploaded sign-language videos)
#   scripts/check_system.sh --tests   also Debian's chromium for the browser tests,
#                                     nginx for the test of the production shape and
#                                     xmlsec1 for the SAML identity provider of the tests
#   scripts/check_system.sh --production   also nginx (make production-local)
#
# PYTHON (default python3) names the interpreter that will create the virtualenv.
set -euo pipefail

PYTHON="${PYTHON:-python3}"
CHROMIUM="${CHROMIUM:-/usr/bin/chromium}"
want_tests=false
want_nginx=false
for arg in "$@"; do
    case "$arg" in
        --tests) want_tests=true; want_nginx=true ;;
        --production) want_nginx=true ;;
        -h | --help) sed -n '2,14p' "$0"; exit 0 ;;
        *) echo "check_system: unknown argument: $arg" >&2; exit 2 ;;
    esac
done

missing_pkgs=()   # Debian package names to install
problems=()       # what is missing, in words

python_ok() {
    command -v "$PYTHON" >/dev/null 2>&1 &&
        "$PYTHON" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else 1)' 2>/dev/null
}

if ! python_ok; then
    problems+=("Python >= 3.11 as '$PYTHON' (found: $("$PYTHON" --version 2>/dev/null || echo none); another interpreter can be named: make PYTHON=python3.12 ...)")
    missing_pkgs+=(python3 python3-venv)
elif ! "$PYTHON" -c 'import venv, ensurepip' >/dev/null 2>&1; then
    problems+=("the venv module of $PYTHON (Debian: python3-venv)")
    missing_pkgs+=(python3-venv)
fi

if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
    problems+=("Node.js and npm (front-end packages: KERN UX, leaflet.markercluster)")
    missing_pkgs+=(nodejs npm)
fi

shared_libraries() {
    # The whole list at once: with pipefail, `ldconfig -p | grep -q` fails when grep stops
    # early and ldconfig gets SIGPIPE.
    ldconfig -p 2>/dev/null || /sbin/ldconfig -p 2>/dev/null || true
}
gdal_present() {
    command -v gdal-config >/dev/null 2>&1 && return 0
    grep -q 'libgdal\.so' <<<"$(shared_libraries)"
}
if ! gdal_present; then
    problems+=("the GDAL library (django-leaflet imports GeoDjango, which loads libgdal)")
    missing_pkgs+=(gdal-bin)
fi

pango_present() {
    grep -q 'libpangoft2-1\.0\.so' <<<"$(shared_libraries)"
}
if ! pango_present; then
    problems+=("Pango (WeasyPrint renders the status reports as PDF with it)")
    missing_pkgs+=(libpango-1.0-0 libpangoft2-1.0-0)
fi

# ffprobe reads the sign-language videos staff upload (size, frame rate: BITV 2.0 Anlage 2,
# pages/video.py); the tests make their test videos with ffmpeg.
if ! command -v ffprobe >/dev/null 2>&1 || ! command -v ffmpeg >/dev/null 2>&1; then
    problems+=("ffmpeg (ffprobe checks uploaded sign-language videos; the tests make videos with ffmpeg)")
    missing_pkgs+=(ffmpeg)
fi

if $want_tests && ! [ -x "$CHROMIUM" ]; then
    problems+=("Chromium at $CHROMIUM (the browser tests drive it through Playwright)")
    missing_pkgs+=(chromium)
fi

# xmlsec1, the command: pysaml2 (the SAML identity provider that tests/verification starts)
# signs and checks with it. The site itself needs no system package for SAML: the xmlsec
# wheel that python3-saml uses brings its own libxmlsec1 and libxml2.
if $want_tests && ! command -v xmlsec1 >/dev/null 2>&1; then
    problems+=("xmlsec1 (pysaml2, the SAML identity provider of the tests, signs with it)")
    missing_pkgs+=(xmlsec1)
fi

# Debian's nginx: the proxy of `make production-local` and of its test (tests/production).
nginx_present() {
    command -v nginx >/dev/null 2>&1 || [ -x /usr/sbin/nginx ]
}
if $want_nginx && ! nginx_present; then
    problems+=("nginx (the reverse proxy of make production-local and tests/production)")
    missing_pkgs+=(nginx)
fi

# .po files without their compiled .mo need msgfmt (we commit the .mo files, so rarely).
if [ -d locale ] && ! command -v msgfmt >/dev/null 2>&1; then
    while IFS= read -r po; do
        if [ ! -f "${po%.po}.mo" ]; then
            problems+=("gettext's msgfmt (to compile ${po})")
            missing_pkgs+=(gettext)
            break
        fi
    done < <(find locale -name '*.po' 2>/dev/null)
fi

if [ ${#problems[@]} -eq 0 ]; then
    summary="python: $("$PYTHON" --version 2>&1), node: $(node --version), GDAL: present, ffmpeg: present"
    if $want_tests; then summary+=", chromium: $CHROMIUM, xmlsec1: present"; fi
    if $want_nginx; then summary+=", nginx: present"; fi
    echo "System check: ok ($summary)"
    exit 0
fi

# De-duplicate the package list, keeping its order.
declare -A seen=()
pkgs=()
for p in "${missing_pkgs[@]}"; do
    if [ -z "${seen[$p]:-}" ]; then seen[$p]=1; pkgs+=("$p"); fi
done

echo "System check: missing:"
printf '  - %s\n' "${problems[@]}"

if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null 2>&1 && [ -z "${_CHECK_SYSTEM_INSTALLED:-}" ]; then
    echo "Installing with apt-get: ${pkgs[*]}"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends "${pkgs[@]}"
    # Check again (once): an install that did not bring what we need must stop us here.
    _CHECK_SYSTEM_INSTALLED=1 exec "$0" "$@"
fi

if [ -n "${_CHECK_SYSTEM_INSTALLED:-}" ]; then
    echo "apt-get installed ${pkgs[*]}, but the check still fails: fix it by hand."
elif command -v apt-get >/dev/null 2>&1; then
    echo
    echo "Install them with:"
    echo "  sudo apt-get update && sudo apt-get install -y ${pkgs[*]}"
else
    echo
    echo "Install the equivalent packages of your system (Debian names: ${pkgs[*]});"
    echo "on macOS with Homebrew: brew install python@3.11 node gdal (and Chromium for the tests)."
fi
exit 1
