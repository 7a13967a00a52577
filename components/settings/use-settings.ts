'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { apiFieldErrors } from '@/lib/i18n/api-errors';
import type { Settings, SettingsPatch } from '@/lib/settings/schema';
import { api } from '../api';
import { useI18n } from '../i18n';
import { keys } from '../query-keys';
import { toast } from '../ui/toast';

export const ADMIN_API = '/api/v1/superadmin';
const SETTINGS_URL = `${ADMIN_API}/settings/`;

export function useSettings() {
  return useQuery({ queryKey: keys.settings.values(), queryFn: () => api<Settings>(SETTINGS_URL) });
}

/**
 * Saves part of the settings. The answer (all settings after the change) replaces the cached copy, and
 * `onSaved` gets it so a form can reset its draft to what the server actually stored (trimmed, lower-cased).
 */
export function useSaveSettings() {
  const { t, errorText } = useI18n();
  const client = useQueryClient();
  const [errors, setErrors] = useState<Record<string, string>>({});
  const mutation = useMutation({
    mutationFn: (patch: SettingsPatch) => api<Settings>(SETTINGS_URL, { method: 'PATCH', json: patch }),
    onSuccess: (saved) => {
      client.setQueryData(keys.settings.values(), saved);
      setErrors({});
      toast.success(t.settings.saved);
    },
    onError: (error) => {
      setErrors(apiFieldErrors(t, error));
      toast.error(errorText(error));
    },
  });
  const save = (patch: SettingsPatch, onSaved: (saved: Settings) => void) =>
    mutation.mutate(patch, { onSuccess: onSaved });
  return { save, saving: mutation.isPending, errors };
}

/** The toast for a failed action, phrased from the API's error code in the reader's language. */
export function useToastError() {
  const { errorText } = useI18n();
  return (error: unknown) => toast.error(errorText(error));
}
