import {
  type CommandRow,
  claimCommand,
  orphanedCommands,
  reportProgress,
  setCommandState,
} from '../../lib/commands/claim';
import type { CommandKind } from '../../lib/commands/command-kinds';
import {
  requestPairingCodePayload,
  type SendMessagePayload,
  sendMessagePayload,
  sendReactionPayload,
  sendSeenPayload,
  syncChatMessagesPayload,
} from '../../lib/commands/enqueue';
import type { Db, Sql } from '../../lib/db';
import { listen } from '../../lib/events/notify';
import { groupOpPayload, groupOpRepeatable } from '../../lib/groups/group-op-payload';
import type { Logger } from '../../lib/log';
import { readOutgoing } from '../../lib/media/outgoing';
import { ingestBatch } from '../../lib/whatsapp/ingest';
import { isMediaType } from '../../lib/whatsapp/message-types';
import type { SessionStatus } from '../../lib/whatsapp/sessions/status';
import type { DomainHooks } from '../hooks';
import { reportFailure } from '../metrics/failures';
import { retryBookkeeping } from '../retry-bookkeeping';
import { Wakeup } from '../sleep';
import {
  ClientGoneError,
  type MessageDto,
  type SendOptions,
  sentMediaType,
  type WhatsAppDriver,
} from '../whatsapp/port';
import { runGroupOp } from './group-op';
import type { Pacer } from './pacer';

export interface ExecutorDeps {
  db: Db;
  sql: Sql;
  log: Logger;
  owner: string;
  sessionId: number;
  pacer: Pacer;
  hooks: DomainHooks;
  driver: () => WhatsAppDriver | undefined;
  status: () => SessionStatus;
  syncChats: () => Promise<{ chats: number }>;
  restart: (reason: string) => Promise<void>;
  logout: () => Promise<void>;
  /** Pair by this phone from now on: a client restarted while pairing starts with pairWithPhoneNumber. */
  pairByPhone: (phone: string) => Promise<void>;
  /** Refresh one group's row (participants, name, admins) from WhatsApp. */
  syncGroup: (chatId: string) => Promise<void>;
  /** How far back a crashed send is looked for among our own recent messages. */
  reconcileWindowSeconds?: number;
}

/** What may run in each state: sends and syncs need a connected client; restart/logout always can. */
function runnableKinds(status: SessionStatus): CommandKind[] {
  if (status === 'ready')
    return [
      'send_message',
      'send_reaction',
      'send_seen',
      'sync_chats',
      'sync_chat_messages',
      'logout',
      'restart',
      'request_pairing_code',
      'group_op',
    ];
  if (status === 'qr' || status === 'pairing') return ['request_pairing_code', 'logout', 'restart'];
  return ['logout', 'restart'];
}

/**
 * Executes the outbox for one session. Woken by NOTIFY, with a poll as fallback; claims with SKIP LOCKED
 * so a second worker can never take the same command.
 */
export class OutboxExecutor {
  private readonly wakeup = new Wakeup();
  private reconciled = false;

  constructor(private readonly d: ExecutorDeps) {}

  async run(signal: AbortSignal): Promise<void> {
    const listener = await listen(this.d.sql, 'commands', (notice) => {
      if (notice.sessionId === this.d.sessionId) this.wakeup.wake();
    }).catch((error: unknown) => {
      // Commands still run on the 2 s poll, only later.
      reportFailure(this.d.log, 'listen', error, 'could not LISTEN for commands; polling only');
      return undefined;
    });
    try {
      while (!signal.aborted) {
        const did = await this.step().catch((error: unknown) => {
          reportFailure(this.d.log, 'outbox_step', error, 'outbox step failed');
          return false;
        });
        if (did) continue;
        await this.wakeup.wait(2000, signal);
      }
    } finally {
      await listener
        ?.unlisten()
        .catch((error: unknown) =>
          reportFailure(this.d.log, 'unlisten', error, 'could not UNLISTEN commands'),
        );
    }
  }

  /** Wake the loop now (status changed to ready, …). */
  poke(): void {
    this.wakeup.wake();
  }

  /** Forget the last reconciliation: a new client connection reconciles again. */
  resetReconciliation(): void {
    this.reconciled = false;
  }

  private async step(): Promise<boolean> {
    const status = this.d.status();
    if (status === 'ready' && !this.reconciled) {
      await this.reconcile();
      this.reconciled = true;
    }
    const command = await claimCommand(this.d.sql, this.d.sessionId, this.d.owner, runnableKinds(status));
    if (!command) return false;
    await this.execute(command);
    return true;
  }

  /**
   * The point of no return, taken only while our claim stands: a worker fenced off its lease (its beat
   * late) may find that the new holder put the command back and ran it; then it must not call WhatsApp too.
   */
  private async markSending(command: CommandRow): Promise<boolean> {
    const held = await setCommandState(
      this.d.sql,
      command.id,
      { status: 'sending' },
      { owner: this.d.owner },
    );
    if (!held) this.d.log.warn({ commandId: command.id }, 'claim lost before sending; another worker has it');
    return held;
  }

  /** The running client, for work that needs one (the status says ready, but the client may just have gone). */
  private client(): WhatsAppDriver {
    const driver = this.d.driver();
    if (!driver) throw new Error('WhatsApp client is not running');
    return driver;
  }

  private async execute(command: CommandRow): Promise<void> {
    if (command.kind === 'send_message') return this.send(command);
    try {
      const result = await this.perform(command);
      await setCommandState(this.d.sql, command.id, { status: 'succeeded', result, error: null });
    } catch (error) {
      if (error instanceof ClaimLostError) return;
      const message = error instanceof Error ? error.message : String(error);
      this.d.log.warn({ commandId: command.id, kind: command.kind, err: message }, 'command failed');
      if (error instanceof ClientGoneError) return this.commandClientGone(command, error);
      await setCommandState(this.d.sql, command.id, { status: 'failed', error: message });
    }
  }

  /**
   * The page went away under a command: the client restarts. One that may have run and must not run twice
   * (creating a group…) waits for a person as `unknown`; any other runs again on the new client, a few times.
   */
  private async commandClientGone(command: CommandRow, error: ClientGoneError): Promise<void> {
    if (error.maybeSent && !mayRepeat(command)) {
      await setCommandState(this.d.sql, command.id, {
        status: 'unknown',
        error: `WhatsApp stopped answering (${error.message}); the change may have been made. Check the group before trying again.`,
      });
      return;
    }
    if (command.attempts >= COMMAND_CLIENT_GONE_ATTEMPTS) {
      await setCommandState(this.d.sql, command.id, { status: 'failed', error: error.message });
      return;
    }
    await setCommandState(this.d.sql, command.id, { status: 'pending', error: null, runAfterMs: 1000 });
  }

  /**
   * Only a failure of the send itself fails the command. Once WhatsApp took the message, the bookkeeping
   * (row, outcome, domain hook) is retried until it lands; if the process dies first, the command stays in
   * `sending` and the next start confirms it from the chat instead of sending again.
   */
  private async send(command: CommandRow): Promise<void> {
    const payload = sendMessagePayload.safeParse(command.payload);
    let sent: MessageDto | null;
    try {
      if (!payload.success) throw new Error(`invalid send_message payload: ${payload.error.message}`);
      const driver = this.client();
      if (interruptedAt(command) && (await this.foundInterrupted(command, payload.data))) return;
      const options = await this.sendOptions(payload.data);
      await this.d.pacer.wait(payload.data.chatId);
      if (!(await this.markSending(command))) return;
      sent = await driver.sendMessage(payload.data.chatId, payload.data.body, options);
      this.d.pacer.record(payload.data.chatId);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      if (error instanceof ClientGoneError) return this.clientGone(command, error);
      this.d.log.warn({ commandId: command.id, err: message }, 'send failed');
      await setCommandState(this.d.sql, command.id, { status: 'failed', error: message });
      await this.d.hooks.onSendResult(this.d.db, { commandId: command.id, ok: false, error: message });
      return;
    }
    if (!sent) {
      // The library lost track of a message it may have sent: find it, never fail it (a retry sends twice).
      this.d.log.warn({ commandId: command.id }, 'send returned no message; looking for it in the chat');
      await retryBookkeeping(
        () => this.confirmOrUnknown(command, payload.data, 'sent but unconfirmed'),
        this.d.log,
        'a sent message',
      );
      return;
    }
    const confirmed = sent;
    await retryBookkeeping(() => this.confirmSent(command.id, confirmed), this.d.log, 'a sent message');
  }

  /** The file's bytes come out of the media store only now, one send at a time (never kept in the queue). */
  private async sendOptions(payload: SendMessagePayload): Promise<SendOptions> {
    const options: SendOptions = {};
    if (payload.quotedMessageId) options.quotedMessageId = payload.quotedMessageId;
    if (payload.media) {
      const data = await readOutgoing(this.d.db, payload.media.sha256);
      if (!data) throw new Error('the file to send is no longer stored');
      options.media = {
        mimetype: payload.media.mimetype,
        filename: payload.media.filename,
        asDocument: payload.media.asDocument,
        data,
      };
    }
    return options;
  }

  /**
   * The page went away under the send: the driver restarts the client. A send that never reached the page
   * goes back to pending and runs on the new client; one that timed out may have gone out, so it waits for a
   * person as `unknown` rather than risking a second copy.
   */
  private async clientGone(command: CommandRow, error: ClientGoneError): Promise<void> {
    this.d.log.warn({ commandId: command.id, err: error.message }, 'WhatsApp page gone during a send');
    if (!error.maybeSent) {
      // The page may have handed the message to WhatsApp before it went ("Execution context was destroyed"
      // says nothing either way): the next attempt looks for it in the chat before sending. The first
      // interruption's time is kept: it bounds what the lookup may take for this send.
      await setCommandState(this.d.sql, command.id, {
        status: 'pending',
        error: null,
        runAfterMs: 1000,
        result: { interruptedAt: interruptedAt(command) ?? command.claimed_at },
      });
      return;
    }
    await setCommandState(this.d.sql, command.id, {
      status: 'unknown',
      error: `WhatsApp stopped answering while sending (${error.message}). Check the chat before sending again.`,
    });
  }

  private async perform(command: CommandRow): Promise<Record<string, unknown>> {
    switch (command.kind) {
      case 'send_message':
        throw new Error('sends go through send()');
      case 'send_reaction': {
        const payload = sendReactionPayload.parse(command.payload);
        const driver = this.client();
        await driver.react(payload.messageId, payload.emoji);
        // Stored like one that came in (latest wins per sender), so the bubble shows it without waiting for
        // the library to echo it (it may not).
        await ingestBatch(this.d.sql, this.d.sessionId, {
          messages: [],
          acks: [],
          edits: [],
          revokes: [],
          reactions: [
            {
              chatId: payload.chatId,
              messageProtocolId: payload.protocolId,
              messageFromMe: payload.messageFromMe,
              senderWid: (await driver.getMe())?.wid ?? 'me',
              fromMe: true,
              emoji: payload.emoji,
              timestamp: Math.floor(Date.now() / 1000),
            },
          ],
        });
        return { reacted: payload.emoji !== '', messageId: payload.messageId };
      }
      case 'send_seen': {
        const payload = sendSeenPayload.parse(command.payload);
        const driver = this.client();
        await driver.sendSeen(payload.chatId);
        return { seen: payload.chatId };
      }
      case 'sync_chats':
        return this.d.syncChats();
      case 'sync_chat_messages': {
        const payload = syncChatMessagesPayload.parse(command.payload);
        const driver = this.client();
        await reportProgress(this.d.sql, command.id, { done: 0, total: payload.limit, note: 'fetching' });
        const messages = await driver.fetchMessages(payload.chatId, { limit: payload.limit });
        let done = 0;
        for (let i = 0; i < messages.length; i += 500) {
          const chunk = messages
            .slice(i, i + 500)
            .map((message) => ({ message, source: 'history' as const }));
          await ingestBatch(this.d.sql, this.d.sessionId, {
            messages: chunk,
            acks: [],
            edits: [],
            revokes: [],
          });
          done += chunk.length;
          await reportProgress(this.d.sql, command.id, { done, total: messages.length });
        }
        return { messages: messages.length };
      }
      case 'request_pairing_code': {
        const { phone } = requestPairingCodePayload.parse(command.payload);
        const driver = this.client();
        await this.d.pairByPhone(phone);
        // The code reaches the session row through the driver's `pairing_code` event, where /qr (write
        // access) serves it; command results are readable with read access, so it never goes here.
        await driver.requestPairingCode(phone);
        return { codeIssued: true };
      }
      case 'logout':
        await this.d.logout();
        return {};
      case 'restart':
        await this.d.restart('requested by an administrator');
        return {};
      case 'group_op': {
        const driver = this.client();
        const op = groupOpPayload.parse(command.payload);
        // Like a send: from here on WhatsApp may have done it, and a crash leaves `sending` for reconcile().
        if (!groupOpRepeatable(op) && !(await this.markSending(command))) throw new ClaimLostError();
        return runGroupOp(
          {
            db: this.d.db,
            driver,
            syncGroup: this.d.syncGroup,
            commandId: command.id,
            sessionId: this.d.sessionId,
          },
          op,
        );
      }
    }
  }

  /** Store the sent message, mark the command succeeded, then tell the domain. Idempotent: safe to retry. */
  private async confirmSent(commandId: number, sent: MessageDto): Promise<void> {
    await ingestBatch(this.d.sql, this.d.sessionId, {
      messages: [{ message: sent, source: 'sent' }],
      acks: [],
      edits: [],
      revokes: [],
    });
    const result = { protocolId: sent.protocolId, serializedId: sent.serializedId, chatId: sent.chatId };
    await setCommandState(this.d.sql, commandId, { status: 'succeeded', result, error: null });
    await this.d.hooks.onSendResult(this.d.db, { commandId, ok: true, protocolId: sent.protocolId });
  }

  /**
   * A worker that died mid-command left rows in `running` or `sending`. `running` never reached WhatsApp:
   * back to pending. `sending` may or may not have been sent: look for it among our own recent messages in
   * that chat; found → succeeded, not found → `unknown` for a person to decide. Never re-sent blindly.
   */
  private async reconcile(): Promise<void> {
    const orphans = await orphanedCommands(this.d.sql, this.d.sessionId, this.d.owner);
    for (const command of orphans) {
      if (command.status === 'running') {
        await setCommandState(this.d.sql, command.id, { status: 'pending' });
        continue;
      }
      if (command.kind === 'group_op') {
        await setCommandState(this.d.sql, command.id, {
          status: 'unknown',
          error:
            'Interrupted by a crash while WhatsApp was changing the group; check the group before trying again.',
        });
        continue;
      }
      const payload = sendMessagePayload.safeParse(command.payload);
      if (!payload.success || !this.d.driver()) continue;
      await this.confirmOrUnknown(command, payload.data, 'interrupted by a crash');
    }
  }

  /** Look for our message in the chat: found → succeeded, not found → `unknown` for a person to decide. */
  private async confirmOrUnknown(
    command: CommandRow,
    payload: SendMessagePayload,
    why: string,
  ): Promise<void> {
    const match = await this.findOurSend(command.claimed_at, payload);
    if (match) {
      await this.confirmSent(command.id, match);
      this.d.log.info({ commandId: command.id, why }, 'send confirmed from the chat');
      return;
    }
    await setCommandState(this.d.sql, command.id, {
      status: 'unknown',
      error: `The send was ${why}; the message was not found in the chat. Check it before sending again.`,
    });
    this.d.log.warn({ commandId: command.id, why }, 'send could not be confirmed: unknown');
  }

  /**
   * A send whose page went away before the library answered, now on a new client: if WhatsApp has it, it
   * is confirmed from the chat and not sent again (true). Not there: it never left, and is sent now. A
   * lookup that fails for another reason leaves it `unknown`: a second copy is worse than a person's check.
   */
  private async foundInterrupted(command: CommandRow, payload: SendMessagePayload): Promise<boolean> {
    let match: MessageDto | undefined;
    try {
      match = await this.findOurSend(interruptedAt(command), payload);
    } catch (error) {
      if (error instanceof ClientGoneError) throw error;
      const message = error instanceof Error ? error.message : String(error);
      await setCommandState(this.d.sql, command.id, {
        status: 'unknown',
        error: `WhatsApp's page went away during the send and the chat could not be checked (${message}). Check it before sending again.`,
      });
      return true;
    }
    if (!match) return false;
    await retryBookkeeping(() => this.confirmSent(command.id, match), this.d.log, 'a sent message');
    this.d.log.info({ commandId: command.id }, 'a send the page took with it was found in the chat');
    return true;
  }

  /**
   * Our message in the chat that this send became, if WhatsApp has it: same text (or file type and caption)
   * from us, no older than the attempt (less the clock skew between WhatsApp and us). One we had stored
   * before the attempt began is an earlier message with the same text (an admin who writes "ok" twice),
   * never this one.
   */
  private async findOurSend(
    attemptAt: string | null,
    payload: SendMessagePayload,
  ): Promise<MessageDto | undefined> {
    const driver = this.client();
    const since = Date.parse(attemptAt ?? '') / 1000 - (this.d.reconcileWindowSeconds ?? 120);
    // Bounded: `fromMe: true` makes the library load earlier messages until it has 50 of OUR OWN, which can
    // walk a whole chat's history. The newest 50 of the chat, filtered here, are what a just-sent one is among.
    const recent = await driver.fetchMessages(payload.chatId, { limit: RECONCILE_LOOKBACK });
    const candidates = recent
      .reverse()
      .filter((m) => m.fromMe && isSameSend(m, payload) && (Number.isNaN(since) || m.timestamp >= since));
    if (candidates.length === 0 || !attemptAt) return candidates[0];
    const earlier = await this.d.sql<{ protocol_id: string }[]>`
      select protocol_id from whatsapp_messages
      where session_id = ${this.d.sessionId} and from_me
        and protocol_id = any(${this.d.sql.array(candidates.map((m) => m.protocolId))})
        and created_at < ${attemptAt}::timestamptz`;
    const known = new Set(earlier.map((r) => r.protocol_id));
    return candidates.find((m) => !known.has(m.protocolId));
  }
}

/** When the page first went away under this send, if it did: its next attempt looks in the chat first. */
function interruptedAt(command: CommandRow): string | null {
  const at = command.result?.interruptedAt;
  return typeof at === 'string' ? at : null;
}

/** The command was taken over by another worker before the point of no return: leave it to that one. */
class ClaimLostError extends Error {}

/** A command the page lost may run again on the new client this many times (a hung page is not retried forever). */
const COMMAND_CLIENT_GONE_ATTEMPTS = 3;

/** Whether a command may run twice without a person noticing (every kind but the group changes that say not). */
function mayRepeat(command: CommandRow): boolean {
  if (command.kind !== 'group_op') return true;
  const op = groupOpPayload.safeParse(command.payload);
  return op.success && groupOpRepeatable(op.data);
}

/** A text matches by its body; a file by the type it became and its caption (its body). */
function isSameSend(m: MessageDto, payload: SendMessagePayload): boolean {
  if (m.body !== payload.body) return false;
  return payload.media ? m.type === sentMediaType(payload.media) : !isMediaType(m.type);
}

/** How many of a chat's newest messages a send confirmation looks through. */
const RECONCILE_LOOKBACK = 50;
