import { type NextRequest, NextResponse } from 'next/server';

/**
 * Passes the path to server layouts (for the active sidebar entry). Authentication is NOT decided here:
 * every page, handler and action checks the session itself.
 */
export function proxy(request: NextRequest) {
  const requestHeaders = new Headers(request.headers);
  requestHeaders.set('x-pathname', request.nextUrl.pathname);
  return NextResponse.next({ request: { headers: requestHeaders } });
}

export const config = { matcher: ['/((?!api|_next/static|_next/image|favicon.ico).*)'] };
