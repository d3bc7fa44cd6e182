# kurils in a container: one Streamlit server on port 8501 with the committed geodata.
# Build: docker build -t kurils .    Run: docker run -p 8501:8501 kurils
# Several replicas behind nginx: compose.yaml (docker compose up); Kubernetes: deploy/kubernetes/.
# The server runs app.py: the atlas with security headers (CSP, X-Frame-Options, nosniff) on
# every response, also without nginx; -e KURILS_ONLINE_TILES=1 lets the map's online tiles load.
# It writes only under /app/static (the map's layer files, health.json) and /tmp (validated copies
# of the geodata), so it also runs with a read-only root file system and those two writable.
FROM python:3.11-slim-bookworm

# HOME, matplotlib's and fontconfig's caches in /tmp: nothing is written elsewhere (read-only root).
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_NO_CACHE_DIR=1 PIP_DISABLE_PIP_VERSION_CHECK=1 \
    HOME=/tmp MPLCONFIGDIR=/tmp/matplotlib XDG_CACHE_HOME=/tmp/cache
WORKDIR /app

# Fonts for the printable handouts: DejaVu (Latin, Cyrillic) and Noto CJK (Japanese).
RUN apt-get update \
 && apt-get install -y --no-install-recommends fonts-dejavu-core fonts-noto-cjk \
 && rm -rf /var/lib/apt/lists/*

# The pinned dependencies first (a layer kept while only the code changes); requirements.txt's
# last line installs this package, which needs the code: that comes after the COPY.
COPY requirements.txt ./
RUN pip install --upgrade pip "setuptools>=83" \
 && grep -v '^-e ' requirements.txt > /tmp/dependencies.txt \
 && pip install -r /tmp/dependencies.txt && rm /tmp/dependencies.txt

COPY . .
# deck.gl ships in the code (frontend/vendor/): checked against its lock, offline; nothing fetched.
RUN pip install --no-deps -e . \
 && python -m kurils.builders.vendor --check \
 && groupadd --gid 10001 kurils && useradd --no-create-home --uid 10001 --gid 10001 kurils \
 && mkdir -p static/layers && chown -R 10001:10001 static

# A numeric user, so Kubernetes' runAsNonRoot can verify it without reading /etc/passwd.
USER 10001
EXPOSE 8501
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s \
  CMD python -c "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8501/_stcore/health', timeout=4)"
CMD ["streamlit", "run", "app.py", "--server.address=0.0.0.0", "--server.port=8501"]
