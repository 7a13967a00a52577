import type { Metadata, Viewport } from 'next';
import type { ReactNode } from 'react';
import { getLocale } from './_lib/locale';
import { THEME_COLOR } from './manifest';
import './globals.css';

export const metadata: Metadata = {
  title: { default: 'Tuki WhatsApp Console', template: '%s · Tuki WhatsApp' },
  applicationName: 'Tuki WhatsApp Console',
  robots: { index: false, follow: false },
  icons: {
    icon: [
      { url: '/favicon.ico', sizes: '32x32' },
      { url: '/icon.svg', type: 'image/svg+xml' },
    ],
    apple: '/apple-touch-icon.png',
  },
  appleWebApp: { capable: true, title: 'Consola Tuki', statusBarStyle: 'default' },
};

/**
 * `resizes-content`: the on-screen keyboard shrinks the layout (and `dvh`) instead of covering it, so the
 * chat composer stays above the keyboard.
 */
export const viewport: Viewport = {
  width: 'device-width',
  initialScale: 1,
  interactiveWidget: 'resizes-content',
  themeColor: THEME_COLOR,
};

export default async function RootLayout({ children }: { children: ReactNode }) {
  const locale = await getLocale();
  return (
    <html lang={locale === 'es' ? 'es-CL' : 'en'}>
      <body className="min-h-dvh">{children}</body>
    </html>
  );
}
