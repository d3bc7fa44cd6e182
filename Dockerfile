# kurils in a container: one Streamlit server on port 8501 with the committed geodata.
# Build: docker build -t kurils .    Run: docker run -p 8501:8501 kurils
# Several replicas: run several containers behind nginx with deploy/nginx.conf.template (sticky
# sessions, gzip, security headers, per-client limits) and the same STREAMLIT_SERVER_COOKIE_SECRET.
# The server runs tools/serve.py: app.py with security headers (CSP, X-Frame-Options, nosniff) on
# every response, also without nginx; -e KURILS_ONLINE_TILES=1 lets the map's online tiles load.
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_NO_CACHE_DIR=1 PIP_DISABLE_PIP_VERSION_CHECK=1
WORKDIR /app

# Fonts for the printable handouts: DejaVu (Latin, Cyrillic) and Noto CJK (Japanese).
RUN apt-get update \
 && apt-get install -y --no-install-recommends fonts-dejavu-core fonts-noto-cjk \
 && rm -rf /var/lib/apt/lists/*

COPY requirements.txt pyproject.toml ./
RUN pip install --upgrade pip "setuptools>=83" && pip install -r requirements.txt

COPY . .
RUN pip install --no-deps -e . \
 && python -m kurils.builders.vendor \
 && useradd --create-home --uid 10001 kurils \
 && mkdir -p static/layers && chown -R kurils static

USER kurils
EXPOSE 8501
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s \
  CMD python -c "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8501/_stcore/health', timeout=4)"
CMD ["streamlit", "run", "tools/serve.py", "--server.address=0.0.0.0", "--server.port=8501"]
