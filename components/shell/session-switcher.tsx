'use client';

import { useRouter } from 'next/navigation';
import { useI18n } from '../i18n';
import { Select } from '../ui/input';

/** Shown only when the installation runs more than one WhatsApp number. */
export function SessionSwitcher({
  sessions,
  current,
  choose,
}: {
  sessions: { name: string; label: string | null; mePhone: string | null; pushName: string | null }[];
  current: string;
  choose: (form: FormData) => Promise<void>;
}) {
  const { t } = useI18n();
  const router = useRouter();
  if (sessions.length < 2) return null;
  return (
    <div className="w-56 min-w-0 shrink-[2] md:min-w-40">
      <Select
        aria-label={t.user.session}
        value={current}
        onChange={async (event) => {
          // Read it now: after the await, React has put the controlled select back to `current`.
          const chosen = event.target.value;
          const form = new FormData();
          form.set('session', chosen);
          await choose(form);
          // The layout re-renders with the new number; its queries have their own keys.
          router.refresh();
        }}
      >
        {sessions.map((s) => (
          <option key={s.name} value={s.name}>
            {s.label ?? s.pushName ?? s.name}
            {s.mePhone ? ` · +${s.mePhone}` : ''}
          </option>
        ))}
      </Select>
    </div>
  );
}
