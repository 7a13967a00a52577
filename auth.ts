import NextAuth, { CredentialsSignin, type DefaultSession } from 'next-auth';
import Credentials from 'next-auth/providers/credentials';
import { recordAudit } from '@/lib/audit/record';
import { processAuthCache } from '@/lib/auth/auth-cache';
import { endAllSessions, sessionUser } from '@/lib/auth/current-user';
import { attemptSignIn, clientIp } from '@/lib/auth/sign-in';
import { getDb } from '@/lib/db';
import { createLogger } from '@/lib/log';

declare module 'next-auth' {
  interface Session {
    user: { id: string; role: 'superadmin' | 'viewer'; sessionVersion: number } & DefaultSession['user'];
  }
  interface User {
    role?: 'superadmin' | 'viewer';
    sessionVersion?: number;
  }
}

/** Too many attempts: the login form says so (the code travels to the caller of signIn, never a reason). */
export class SignInRateLimited extends CredentialsSignin {
  code = 'rate_limited';
}

const log = createLogger('auth');

export const { handlers, auth, signIn, signOut } = NextAuth({
  session: { strategy: 'jwt', maxAge: 12 * 60 * 60 },
  pages: { signIn: '/login' },
  trustHost: true,
  // Failed sign-ins are expected traffic and already in the audit log; only real errors are logged.
  logger: {
    error(error) {
      if (error instanceof CredentialsSignin) return;
      log.error({ err: error.message, name: error.name });
    },
    warn(code) {
      log.warn({ code });
    },
  },
  providers: [
    Credentials({
      credentials: { email: {}, password: {} },
      // Rate limited per IP and per email, audited, the same answer for every failure (lib/auth/sign-in.ts).
      authorize: async (raw, request) => {
        const outcome = await attemptSignIn(getDb(), {
          email: raw?.email,
          password: raw?.password,
          ip: clientIp(request.headers),
        });
        if (outcome.ok) {
          const { user } = outcome;
          return {
            id: String(user.id),
            email: user.email,
            name: user.name ?? user.email,
            role: user.role,
            sessionVersion: user.sessionVersion,
          };
        }
        if (outcome.reason === 'rate_limited') throw new SignInRateLimited();
        return null;
      },
    }),
  ],
  callbacks: {
    /**
     * Runs on every auth(): the role in the cookie is refreshed from the users row (through the auth cache, which
     * forgets a user the moment they change), and a disabled or deleted user's session, or one issued before the
     * user's session version was bumped, ends (null) on the next
     * request instead of when the cookie expires.
     */
    async jwt({ token, user }) {
      if (user) {
        token.uid = user.id;
        token.role = user.role;
        token.sv = user.sessionVersion ?? 0;
        return token;
      }
      const current = sessionUser(await processAuthCache().user(token.uid), token.sv);
      if (!current) return null;
      token.role = current.role;
      token.email = current.email;
      return token;
    },
    session({ session, token }) {
      session.user.id = String(token.uid);
      session.user.role = token.role === 'superadmin' ? 'superadmin' : 'viewer';
      session.user.sessionVersion = typeof token.sv === 'number' ? token.sv : 0;
      return session;
    },
  },
  events: {
    /** Signing out ends every session of the person: a copied cookie must not outlive the sign-out. */
    async signOut(message) {
      const token = 'token' in message ? message.token : null;
      if (!token?.uid) return;
      if (sessionUser(await processAuthCache().user(token.uid), token.sv))
        await endAllSessions(getDb(), Number(token.uid));
      await recordAudit(getDb(), {
        actor: { type: 'user', id: String(token.uid), label: token.email ?? undefined },
        action: 'auth.sign_out',
        targetType: 'user',
        targetId: String(token.uid),
      });
    },
  },
});
