import { syncBindingFlags } from '../lib/bindings/sync-flags';
import type { Db } from '../lib/db';
import type { Logger } from '../lib/log';
import {
  checkNotificationDeadlines,
  handleOutgoingAcks,
  handleSendResult,
} from '../lib/reservations/notification/outcomes';
import { processStoredMessages } from '../lib/reservations/process-messages';
import { DEFAULT_SETTINGS, type Settings } from '../lib/settings/schema';
import { getSettings } from '../lib/settings/settings';
import { enqueueMessageReceivedEvents, enqueueSessionStatusEvent } from '../lib/webhooks/events';
import type { DomainHooks } from './hooks';
import type { PaceSettings } from './outbox/pacer';

/**
 * The production wiring of the worker to the domain verbs in lib/. Settings the worker needs synchronously
 * (the sending pace) are refreshed on every tick, so an admin's change applies within seconds.
 */
export function createDomainHooks(log: Logger): { hooks: DomainHooks; pace: () => PaceSettings } {
  let settings: Settings = DEFAULT_SETTINGS as Settings;
  const refresh = async (db: Db) => {
    settings = await getSettings(db).catch((error: unknown) => {
      log.warn({ err: String(error) }, 'could not read settings; keeping the previous ones');
      return settings;
    });
  };
  const hooks: DomainHooks = {
    processMessages: async (db, input) => {
      await processStoredMessages(db, input);
      await enqueueMessageReceivedEvents(db, input);
    },
    onSessionStatus: async (db, { sessionId }) => {
      await enqueueSessionStatusEvent(db, { sessionId });
    },
    onSendResult: async (db, input) => {
      await handleSendResult(db, input);
    },
    onOutgoingAcks: async (db, input) => {
      await handleOutgoingAcks(db, input);
    },
    onGroupsChanged: async (db, chatIds) => {
      for (let i = 0; i < chatIds.length; i += 5000) await syncBindingFlags(db, chatIds.slice(i, i + 5000));
    },
    tick: async (db, { sessionId }) => {
      await refresh(db);
      await checkNotificationDeadlines(db, { sessionId });
    },
  };
  const pace = () => ({
    perChatGapMs: settings.sendingPace.perChatMinGapMs,
    perMinute: settings.sendingPace.globalPerMinute,
    jitterMs: settings.sendingPace.jitterMs,
  });
  return { hooks, pace };
}
