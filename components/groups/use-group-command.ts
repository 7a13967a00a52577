'use client';

import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import type { CommandView } from '@/lib/api/schemas/responses';
import { api, V1 } from '../api';
import { keys } from '../query-keys';

const FINISHED = ['succeeded', 'failed', 'unknown', 'cancelled'];

/**
 * Runs a group administration call: queue the command, follow it until the worker reports WhatsApp's answer,
 * then refresh groups, operators and chats. `status` is what to show while it runs and after.
 */
export function useGroupCommand() {
  const client = useQueryClient();
  const [state, setState] = useState<
    | { status: 'idle' }
    | { status: 'running' }
    | { status: 'done'; result: CommandView['result'] }
    | { status: 'failed'; error: string }
  >({ status: 'idle' });

  async function run(queue: () => Promise<{ command: { id: number } }>) {
    setState({ status: 'running' });
    try {
      const { command } = await queue();
      for (let i = 0; i < 120; i++) {
        const view = await api<CommandView>(`${V1}/commands/${command.id}/`);
        if (FINISHED.includes(view.status)) {
          void client.invalidateQueries({ queryKey: keys.groups.all });
          void client.invalidateQueries({ queryKey: keys.operators.all });
          void client.invalidateQueries({ queryKey: keys.chats.all });
          if (view.status === 'succeeded') {
            setState({ status: 'done', result: view.result });
            return view.result;
          }
          setState({ status: 'failed', error: view.error ?? view.status });
          return null;
        }
        await new Promise((r) => setTimeout(r, 500));
      }
      setState({ status: 'failed', error: 'timeout' });
    } catch (error) {
      setState({ status: 'failed', error: error instanceof Error ? error.message : String(error) });
    }
    return null;
  }
  return { state, run, busy: state.status === 'running' };
}
