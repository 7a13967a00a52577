#!/bin/sh
# One image, three roles: `web` (any number of replicas), `worker` (one per WhatsApp number), `migrate`
# (once per deploy, before the others start). Anything else runs as given (e.g. `npm run cli -- …`).
set -e
case "$1" in
  web) shift; exec node --import tsx scripts/start-web.ts "$@" ;;
  worker) shift; exec node --max-semi-space-size=1 --max-old-space-size=160 dist/worker.mjs "$@" ;;
  migrate) shift; exec node dist/migrate.mjs "$@" ;;
  *) exec "$@" ;;
esac
