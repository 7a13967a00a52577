import type { Metadata } from 'next';
import type { ReactNode } from 'react';
import { getLocale } from './_lib/locale';
import './globals.css';

export const metadata: Metadata = {
  title: { default: 'Tuki WhatsApp Console', template: '%s · Tuki WhatsApp' },
  robots: { index: false, follow: false },
};

export default async function RootLayout({ children }: { children: ReactNode }) {
  const locale = await getLocale();
  return (
    <html lang={locale === 'es' ? 'es-CL' : 'en'}>
      <body className="min-h-screen">{children}</body>
    </html>
  );
}
