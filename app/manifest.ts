import type { MetadataRoute } from 'next';

/** Theme colour: the brand's green (brand-700 in globals.css), also the browser bar's colour (app/layout.tsx). */
export const THEME_COLOR = '#047857';

/**
 * "Add to home screen": the console opens like an app, in its own window. Served at /manifest.webmanifest
 * without a session (the browser fetches it anonymously); no service worker, so no offline promises.
 */
export default function manifest(): MetadataRoute.Manifest {
  return {
    name: 'Tuki WhatsApp Console',
    short_name: 'Consola Tuki',
    description: 'WhatsApp para experiencias y operadores',
    lang: 'es-CL',
    start_url: '/',
    scope: '/',
    display: 'standalone',
    background_color: '#f8fafc',
    theme_color: THEME_COLOR,
    icons: [
      { src: '/icon-192.png', sizes: '192x192', type: 'image/png', purpose: 'any' },
      { src: '/icon-512.png', sizes: '512x512', type: 'image/png', purpose: 'any' },
      { src: '/icon-maskable-512.png', sizes: '512x512', type: 'image/png', purpose: 'maskable' },
      { src: '/icon.svg', sizes: 'any', type: 'image/svg+xml', purpose: 'any' },
    ],
  };
}
