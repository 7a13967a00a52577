'use client';

import { useMutation, useQuery } from '@tanstack/react-query';
import { QRCodeSVG } from 'qrcode.react';
import { useEffect, useState } from 'react';
import type { QrView } from '@/lib/api/schemas/responses';
import { api, V1 } from '../api';
import { useI18n } from '../i18n';
import { useLiveRefetch } from '../live/live-events';
import { keys } from '../query-keys';
import { Button } from '../ui/button';
import { Input } from '../ui/input';
import { toast } from '../ui/toast';
import { PHONE_QUERY, useMediaQuery } from '../ui/use-media-query';
import { useWhatsAppNumber } from '../whatsapp-number';

function useCountdown(until: string | null): number | null {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, []);
  if (!until) return null;
  return Math.max(0, Math.ceil((Date.parse(until) - now) / 1000));
}

/**
 * The QR, redrawn live as WhatsApp rotates it, or the phone-number pairing code. On a phone the number comes
 * first: the phone showing the dashboard cannot scan its own screen (the QR stays one tap away, for another).
 */
export function QrPanel({ status, canAct }: { status: 'qr' | 'pairing'; canAct: boolean }) {
  const { t, format, errorText } = useI18n();
  const session = useWhatsAppNumber();
  const refetchInterval = useLiveRefetch(3000);
  const { data } = useQuery({
    queryKey: keys.session.qr(session),
    queryFn: () => api<QrView>(`${V1}/qr/`, { session }),
    refetchInterval,
  });
  const seconds = useCountdown(data?.expiresAt ?? null);
  const onPhone = useMediaQuery(PHONE_QUERY);
  const [phoneMode, setPhoneMode] = useState(false);
  const [qrShown, setQrShown] = useState(false);
  const [phone, setPhone] = useState('');
  const pairing = useMutation({
    mutationFn: () => api(`${V1}/session/pairing-code/`, { method: 'POST', json: { phone }, session }),
    onSuccess: () => toast.success(t.connection.queued),
    onError: (error) => toast.error(errorText(error)),
  });

  if (status === 'pairing' || data?.pairingCode) {
    return (
      <div className="text-center">
        <p className="text-sm text-slate-600 dark:text-slate-400">{t.connection.pairingCode}</p>
        <p data-testid="pairing-code" className="mt-2 font-mono text-4xl font-semibold tracking-widest">
          {data?.pairingCode ?? '········'}
        </p>
      </div>
    );
  }
  const qr = (
    <>
      <div className="rounded-xl bg-white p-4 shadow-sm ring-1 ring-slate-200">
        {data?.qr ? (
          <QRCodeSVG
            value={data.qr}
            size={248}
            level="L"
            aria-label={t.connection.qrTitle}
            data-testid="qr-code"
          />
        ) : (
          <div className="flex size-[248px] items-center justify-center text-sm text-slate-500">
            {t.connection.qrWaiting}
          </div>
        )}
      </div>
      <p className="text-sm text-slate-600 dark:text-slate-400" aria-live="polite">
        {seconds !== null && seconds > 0
          ? format(t.connection.qrExpires, { seconds })
          : t.connection.qrWaiting}
      </p>
    </>
  );
  const phoneForm = (
    <form
      className="flex w-full max-w-sm flex-wrap items-end gap-2"
      onSubmit={(event) => {
        event.preventDefault();
        pairing.mutate();
      }}
    >
      <label htmlFor="pairing-phone" className="min-w-48 flex-1 text-sm">
        {t.connection.phoneLabel}
        <Input
          id="pairing-phone"
          inputMode="numeric"
          autoComplete="tel"
          pattern="\d{8,15}"
          required
          value={phone}
          placeholder={t.connection.phonePlaceholder}
          onChange={(event) => setPhone(event.target.value.replace(/\D/g, ''))}
          className="mt-1"
        />
      </label>
      <Button type="submit" disabled={pairing.isPending}>
        {t.connection.requestCode}
      </Button>
    </form>
  );
  if (onPhone && canAct)
    return (
      <div className="flex flex-col items-center gap-4" data-testid="pairing-phone-first">
        {phoneForm}
        {qrShown ? (
          qr
        ) : (
          <Button variant="ghost" onClick={() => setQrShown(true)}>
            {t.connection.showQr}
          </Button>
        )}
      </div>
    );
  return (
    <div className="flex flex-col items-center gap-4">
      {qr}
      {canAct &&
        (phoneMode ? (
          phoneForm
        ) : (
          <Button variant="ghost" onClick={() => setPhoneMode(true)}>
            {t.connection.usePhone}
          </Button>
        ))}
    </div>
  );
}
