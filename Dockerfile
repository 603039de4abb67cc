# Production image: gunicorn serving Django; the same image runs Celery.
FROM python:3.11-slim-bookworm
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 DJANGO_ENV=production
RUN apt-get update && apt-get install -y --no-install-recommends gettext && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY pyproject.toml README.md ./
RUN pip install --no-cache-dir -e .
COPY . .
# collectstatic needs a key to import settings; the real one comes from the environment.
RUN SECRET_KEY=build-only-not-secret python manage.py collectstatic --noinput
RUN useradd --system --home /app decidons && chown -R decidons /app
USER decidons
EXPOSE 8000
CMD ["gunicorn", "config.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "3", "--access-logfile", "-"]
