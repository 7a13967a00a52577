'use client';

import * as Dialog from '@radix-ui/react-dialog';
import { useQueryClient } from '@tanstack/react-query';
import { Download, FileText, Mic, X } from 'lucide-react';
import { useState } from 'react';
import { api } from '../api';
import { useI18n } from '../i18n';
import { keys } from '../query-keys';
import { Button } from '../ui/button';
import { cn } from '../ui/cn';
import { toast } from '../ui/toast';
import { useWhatsAppNumber } from '../whatsapp-number';
import { formatDuration, formatSize, kindOf } from './message-kinds';
import type { RichMessage } from './types';

type Media = NonNullable<RichMessage['media']>;

const thumbnailUrl = (media: Media) =>
  media.thumbnail ? `data:image/jpeg;base64,${media.thumbnail}` : undefined;
const downloadUrl = (url: string) => `${url}${url.includes('?') ? '&' : '?'}download=1`;

/** The file of a media message: inline image/sticker, native players, a document card, or why it is missing. */
export function MediaContent({ message, canWrite }: { message: RichMessage; canWrite: boolean }) {
  const media = message.media;
  if (!media) return null;
  const kind = kindOf(message.type);
  const url = (media.state === 'stored' || media.state === undefined) && media.url ? media.url : null;
  const notice = url ? null : <MediaNotice message={message} media={media} canWrite={canWrite} />;
  if (kind === 'image' || kind === 'sticker')
    return <ImageMedia media={media} url={url} sticker={kind === 'sticker'} notice={notice} />;
  if (kind === 'video')
    return (
      <div className="space-y-1">
        {url ? (
          // biome-ignore lint/a11y/useMediaCaption: WhatsApp videos come without caption tracks.
          <video
            controls
            preload="metadata"
            src={url}
            poster={thumbnailUrl(media)}
            data-testid="bubble-video"
            className="max-h-80 w-72 max-w-full rounded-md bg-black"
          />
        ) : (
          <Thumbnail media={media} />
        )}
        {notice}
      </div>
    );
  if (kind === 'audio' || kind === 'ptt')
    return <AudioMedia media={media} url={url} voice={kind === 'ptt'} notice={notice} />;
  return <DocumentCard media={media} url={url} notice={notice} />;
}

function Thumbnail({ media }: { media: Media }) {
  const src = thumbnailUrl(media);
  if (!src) return null;
  return (
    // biome-ignore lint/performance/noImgElement: a same-origin data URL; next/image adds nothing here.
    <img src={src} alt="" aria-hidden className="w-72 max-w-full rounded-md blur-sm" style={aspect(media)} />
  );
}

function aspect(media: Media) {
  return media.width && media.height ? { aspectRatio: `${media.width} / ${media.height}` } : undefined;
}

/** The blurred thumbnail WhatsApp sent shows at once; the stored file fades in over it once loaded. */
function ImageMedia({
  media,
  url,
  sticker,
  notice,
}: {
  media: Media;
  url: string | null;
  sticker: boolean;
  notice: React.ReactNode;
}) {
  const { t } = useI18n();
  const [loaded, setLoaded] = useState(false);
  const thumb = thumbnailUrl(media);
  const box = sticker ? 'size-32' : 'w-72 max-w-full';
  return (
    <div className="space-y-1">
      {(url || thumb) && (
        <div
          className={cn(
            'relative overflow-hidden rounded-md bg-slate-200 dark:bg-slate-700',
            box,
            sticker && 'bg-transparent',
          )}
          style={sticker ? undefined : (aspect(media) ?? { minHeight: '8rem' })}
        >
          {thumb && !loaded && (
            // biome-ignore lint/performance/noImgElement: a same-origin data URL; next/image adds nothing here.
            <img
              src={thumb}
              alt=""
              aria-hidden
              className="absolute inset-0 size-full scale-105 object-cover blur-md"
            />
          )}
          {url && (
            <Lightbox url={url} filename={media.filename} disabled={sticker}>
              {/* biome-ignore lint/performance/noImgElement: the media route's bytes, same origin and access-checked. */}
              <img
                src={url}
                alt={sticker ? t.chats.kinds.sticker : t.chats.kinds.photo}
                data-testid={sticker ? 'bubble-sticker' : 'bubble-image'}
                onLoad={() => setLoaded(true)}
                className={cn(
                  'relative size-full transition-opacity',
                  sticker ? 'object-contain' : 'object-cover',
                  loaded ? 'opacity-100' : 'opacity-0',
                )}
              />
            </Lightbox>
          )}
        </div>
      )}
      {notice}
    </div>
  );
}

/** The full image over the page, with a download of the original file. */
function Lightbox({
  url,
  filename,
  disabled,
  children,
}: {
  url: string;
  filename: string | null;
  disabled: boolean;
  children: React.ReactNode;
}) {
  const { t } = useI18n();
  if (disabled) return <>{children}</>;
  return (
    <Dialog.Root>
      <Dialog.Trigger asChild>
        <button
          type="button"
          aria-label={t.chats.bubble.openImage}
          className="block size-full cursor-zoom-in"
        >
          {children}
        </button>
      </Dialog.Trigger>
      <Dialog.Portal>
        <Dialog.Overlay className="fixed inset-0 z-40 bg-slate-950/85" />
        <Dialog.Content
          data-testid="lightbox"
          className="fixed inset-0 z-50 flex flex-col items-center justify-center gap-3 p-4"
          aria-describedby={undefined}
        >
          <Dialog.Title className="sr-only">{filename ?? t.chats.kinds.photo}</Dialog.Title>
          {/* biome-ignore lint/performance/noImgElement: the media route's bytes, same origin and access-checked. */}
          <img
            src={url}
            alt={filename ?? t.chats.kinds.photo}
            className="max-h-[80dvh] max-w-full object-contain"
          />
          <div className="flex gap-2">
            <a
              href={downloadUrl(url)}
              download={filename ?? ''}
              className="inline-flex h-10 items-center gap-2 rounded-md bg-white px-4 text-sm font-medium text-slate-900"
            >
              <Download aria-hidden className="size-4" />
              {t.chats.bubble.download}
            </a>
            <Dialog.Close asChild>
              <button
                type="button"
                className="inline-flex h-10 items-center gap-2 rounded-md bg-slate-800 px-4 text-sm font-medium text-white"
              >
                <X aria-hidden className="size-4" />
                {t.chats.bubble.close}
              </button>
            </Dialog.Close>
          </div>
        </Dialog.Content>
      </Dialog.Portal>
    </Dialog.Root>
  );
}

function AudioMedia({
  media,
  url,
  voice,
  notice,
}: {
  media: Media;
  url: string | null;
  voice: boolean;
  notice: React.ReactNode;
}) {
  const { t } = useI18n();
  return (
    <div className="w-72 max-w-full space-y-1">
      <p className="flex items-center gap-1.5 text-xs text-slate-600 dark:text-slate-300">
        {voice && <Mic aria-hidden className="size-3.5" />}
        {voice ? t.chats.kinds.voiceNote : t.chats.kinds.audio}
        {media.duration ? <span data-testid="duration">{formatDuration(media.duration)}</span> : null}
      </p>
      {url && (
        // biome-ignore lint/a11y/useMediaCaption: voice notes have no caption tracks.
        <audio
          controls
          preload="metadata"
          src={url}
          data-testid={voice ? 'bubble-voice' : 'bubble-audio'}
          className="h-10 w-full"
        />
      )}
      {notice}
    </div>
  );
}

function DocumentCard({ media, url, notice }: { media: Media; url: string | null; notice: React.ReactNode }) {
  const { t, locale } = useI18n();
  const name = media.filename ?? t.chats.kinds.document;
  const ext = name.includes('.')
    ? name.split('.').pop()?.toUpperCase()
    : media.mimetype?.split('/')[1]?.toUpperCase();
  return (
    <div className="w-72 max-w-full space-y-1">
      <div
        data-testid="bubble-document"
        className="flex items-center gap-3 rounded-md bg-slate-900/5 p-2 dark:bg-white/10"
      >
        <FileText aria-hidden className="size-8 shrink-0 text-red-700 dark:text-red-400" />
        <div className="min-w-0 flex-1">
          <p className="truncate font-medium" title={name}>
            {name}
          </p>
          <p className="text-xs text-slate-600 dark:text-slate-300">
            {[ext, formatSize(media.size, locale)].filter(Boolean).join(' · ')}
          </p>
        </div>
        {url && (
          <a
            href={downloadUrl(url)}
            download={name}
            aria-label={`${t.chats.bubble.download} ${name}`}
            className="flex size-10 shrink-0 items-center justify-center rounded-full touch:min-h-11 touch:min-w-11 hover:bg-slate-900/10 dark:hover:bg-white/10"
          >
            <Download aria-hidden className="size-5" />
          </a>
        )}
      </div>
      {notice}
    </div>
  );
}

/**
 * Why the file is not there (still downloading, too large, expired, failed), and for superadmins the way out:
 * "download anyway" for a file over the limit, "retry" for one that failed (POST …/media/download/).
 */
function MediaNotice({
  message,
  media,
  canWrite,
}: {
  message: RichMessage;
  media: Media;
  canWrite: boolean;
}) {
  const { t, locale, format, errorText } = useI18n();
  const client = useQueryClient();
  const session = useWhatsAppNumber();
  const [busy, setBusy] = useState(false);
  const state = media.state ?? 'missing';
  if (state === 'stored') return null;
  // Pending with an error: WhatsApp answered nothing and the worker asks again after a backoff.
  const waiting = state === 'pending' && Boolean(media.error);
  const text = waiting
    ? t.chats.bubble.waiting
    : format(t.chats.bubble.state[state], { size: formatSize(media.size, locale) });
  const action =
    state === 'too_large'
      ? t.chats.bubble.downloadAnyway
      : state === 'failed' || state === 'expired' || waiting
        ? t.chats.bubble.retry
        : null;
  const requeue = async () => {
    setBusy(true);
    try {
      await api(`/api/v1/whatsapp/messages/${message.id}/media/download/`, { method: 'POST', session });
      toast.success(t.chats.bubble.retryQueued);
      await client.invalidateQueries({ queryKey: keys.messages.list(session, message.chatId) });
    } catch (error) {
      toast.error(errorText(error));
    } finally {
      setBusy(false);
    }
  };
  return (
    <div
      data-testid="media-state"
      data-state={waiting ? 'waiting' : state}
      className="text-xs text-slate-600 dark:text-slate-300"
    >
      <p className={cn(state === 'failed' && 'text-red-700 dark:text-red-400')}>{text}</p>
      {canWrite && media.error && state === 'failed' && (
        <p className="mt-0.5 font-mono text-[11px] wrap-anywhere">{media.error}</p>
      )}
      {canWrite && action && (
        <Button size="sm" variant="secondary" className="mt-1" disabled={busy} onClick={requeue}>
          {action}
        </Button>
      )}
    </div>
  );
}
