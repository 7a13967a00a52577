import type { Overview } from '@/lib/overview/get-overview';
import type { SessionStatusView } from '../connection/use-session-status';

/** The overview as JSON delivers it: the connection's timestamps are ISO strings. */
export type OverviewView = Omit<Overview, 'connection'> & { connection: SessionStatusView | null };
