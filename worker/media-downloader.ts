import { getHeapStatistics } from 'node:v8';
import type { Config } from '../lib/config';
import type { Db, Sql } from '../lib/db';
import type { Logger } from '../lib/log';
import {
  type ClaimedDownload,
  claimDownload,
  type DownloadOutcome,
  finishDownload,
  knownBlob,
  releaseOrphanedDownloads,
} from '../lib/media/downloads';
import { purgeExpiredMedia } from '../lib/media/retention';
import { sha256OfFilehash } from '../lib/media/states';
import { mediaStore } from '../lib/media/store';
import { enqueueMediaStoredEvent } from '../lib/webhooks/events';
import type { SessionStatus } from '../lib/whatsapp/sessions/status';
import { JobWakeup, runJobLoop } from './job-loop';
import { retryBookkeeping } from './retry-bookkeeping';
import { ClientGoneError, type WhatsAppDriver } from './whatsapp/port';

const MB = 1024 * 1024;
const PURGE_EVERY_MS = 3_600_000;
/** A file WhatsApp did not hand over is asked for again this many times (after 1 and 10 minutes) before `expired`. */
const UNAVAILABLE_RETRIES = 2;

/**
 * Downloads received files from the media_downloads queue, never from the event handler. The library hands a
 * file over as ONE base64 string (plus its decoded copy here), so at most MEDIA_DOWNLOAD_CONCURRENCY files are
 * in memory at once, and a file whose announced size is over MEDIA_MAX_MB is not fetched at all.
 */
export class MediaDownloader {
  private readonly wakeup = new JobWakeup();
  private released = false;
  private lastPurge = 0;

  constructor(
    private readonly d: {
      db: Db;
      sql: Sql;
      log: Logger;
      config: Config;
      sessionId: number;
      owner: string;
      driver: () => WhatsAppDriver | undefined;
      status: () => SessionStatus;
    },
  ) {}

  poke(): void {
    this.wakeup.wake();
  }

  run(signal: AbortSignal): Promise<void> {
    return runJobLoop(
      {
        operation: 'media_download',
        log: this.d.log,
        wakeup: this.wakeup,
        idleMs: 2000,
        concurrency: this.d.config.MEDIA_DOWNLOAD_CONCURRENCY,
      },
      () => this.step(),
      signal,
    );
  }

  private async step(): Promise<boolean> {
    // With MEDIA_RETENTION_DAYS 0 too: uploads whose send was never queued are deleted (lib/media/retention.ts).
    if (Date.now() - this.lastPurge > PURGE_EVERY_MS) {
      this.lastPurge = Date.now();
      const { purged, blobsDeleted } = await purgeExpiredMedia(this.d.db, {
        days: this.d.config.MEDIA_RETENTION_DAYS,
        config: this.d.config,
      });
      if (purged > 0 || blobsDeleted > 0)
        this.d.log.info({ purged, blobsDeleted }, 'media past retention purged');
    }
    if (this.d.status() !== 'ready') return false;
    if (!this.released) {
      await releaseOrphanedDownloads(this.d.sql, this.d.sessionId, this.d.owner);
      this.released = true;
    }
    const job = await claimDownload(this.d.sql, this.d.sessionId, this.d.owner);
    if (!job) return false;
    const outcome = await this.download(job).catch(
      (error: unknown): DownloadOutcome => ({ state: 'failed', error: errorText(error) }),
    );
    // A blip here must not leave the row `downloading` under our own name, where nothing would release it.
    await retryBookkeeping(
      () =>
        this.d.db.transaction(async (tx) => {
          const state = await finishDownload(tx, job, outcome);
          if (state === 'stored') await enqueueMediaStoredEvent(tx, { messageId: job.messageId });
        }),
      this.d.log,
      'a download outcome',
    );
    if (outcome.state !== 'stored')
      this.d.log.info(
        { messageId: job.messageId, state: outcome.state, err: outcome.error },
        'media not stored',
      );
    return true;
  }

  private async download(job: ClaimedDownload): Promise<DownloadOutcome> {
    const limit = this.d.config.MEDIA_MAX_MB * MB;
    // Our own send's echo, or a forward of a file we keep: WhatsApp's filehash names the bytes.
    const known = sha256OfFilehash(job.filehash);
    if (known && (await knownBlob(this.d.sql, known))) return { state: 'stored', sha256: known };
    const tooLarge = (size: number): DownloadOutcome => ({
      state: 'too_large',
      error: `${(size / MB).toFixed(1)} MB is over MEDIA_MAX_MB (${this.d.config.MEDIA_MAX_MB} MB)`,
    });
    if (!job.ignoreLimit && job.size !== null && job.size > limit) return tooLarge(job.size);
    // Not even "download anyway" may take more than the heap holds: the file arrives as one base64 string plus
    // its decoded copy, and running out of heap kills the worker with every number it runs.
    const ceiling = memoryCeilingBytes(this.d.config.MEDIA_DOWNLOAD_CONCURRENCY);
    if (job.size !== null && job.size > ceiling)
      return {
        state: 'too_large',
        error: `${(job.size / MB).toFixed(1)} MB is more than this worker can hold in memory (${(ceiling / MB).toFixed(0)} MB per download; raise its --max-old-space-size to take it)`,
      };
    const driver = this.d.driver();
    if (!driver) return { state: 'pending', error: 'WhatsApp client is not running' };
    let media: Awaited<ReturnType<WhatsAppDriver['downloadMedia']>>;
    try {
      media = await driver.downloadMedia({ ...job, chatId: job.chatWaId });
    } catch (error) {
      // The page went away before the call ran: not the file's fault. A protocol timeout is (a file too big or
      // slow to fetch in time): counted, with backoff, so one file cannot restart the client again and again.
      if (error instanceof ClientGoneError && !error.maybeSent)
        return { state: 'pending', error: error.message };
      return { state: 'failed', error: errorText(error) };
    }
    if (!media) {
      // The library answers nothing both for files gone for good (404) and for ones not ready yet (the sender's
      // phone re-uploading an old file, still fetching): asked again later, expired only after that.
      const error = 'WhatsApp no longer has this file (expired, removed or being re-uploaded by the sender)';
      return job.attempts > UNAVAILABLE_RETRIES ? { state: 'expired', error } : { state: 'failed', error };
    }
    const bytes = Buffer.from(media.data, 'base64');
    if (!job.ignoreLimit && bytes.length > limit) return tooLarge(bytes.length);
    const put = await mediaStore(this.d.db, this.d.config).put(bytes, {
      mimetype: media.mimetype || job.mimetype || 'application/octet-stream',
    });
    return { state: 'stored', sha256: put.sha256 };
  }
}

/** Per download: the heap limit shared by the concurrent downloads, each holding ~2.4× its size at its peak. */
function memoryCeilingBytes(concurrency: number): number {
  return Math.floor(getHeapStatistics().heap_size_limit / (concurrency * 2.4 + 1));
}

const errorText = (error: unknown) => (error instanceof Error ? error.message : String(error));
