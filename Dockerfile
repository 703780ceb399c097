FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_NO_CACHE_DIR=1 PIP_DISABLE_PIP_VERSION_CHECK=1
WORKDIR /app

# Dependencies first, so editing lessons or code does not reinstall them.
COPY pyproject.toml README.md ./
COPY bot ./bot
COPY content ./content
COPY domain ./domain
COPY services ./services
COPY storage ./storage
RUN pip install '.[postgres]'

RUN useradd --create-home --uid 10001 coach && mkdir -p /app/data && chown coach:coach /app/data
USER coach
VOLUME ["/app/data"]
ENV DATABASE_URL=sqlite+aiosqlite:////app/data/bot.db

# The content is validated at start-up; a broken lesson stops the bot with a list of problems.
CMD ["python", "-m", "bot"]
