import { HydrationBoundary } from '@tanstack/react-query';
import type { Metadata } from 'next';
import { Suspense } from 'react';
import { ChatsScreen } from '@/components/chats/chats-screen';
import { getConfig } from '@/lib/config';
import { requirePageUser } from '../../_lib/auth-guards';
import { getT } from '../../_lib/locale';
import { getSessionChoice } from '../../_lib/session-choice';
import { prefetchInbox } from './prefetch-inbox';

export const metadata: Metadata = { title: 'Chats' };

export default async function ChatsPage() {
  const user = await requirePageUser();
  const { t } = await getT();
  const { current } = await getSessionChoice();
  const inbox = await prefetchInbox(current);
  return (
    <>
      <h1 className="sr-only">{t.chats.title}</h1>
      <HydrationBoundary state={inbox}>
        <Suspense>
          <ChatsScreen canWrite={user.role === 'superadmin'} maxUploadMb={getConfig().MEDIA_MAX_MB} />
        </Suspense>
      </HydrationBoundary>
    </>
  );
}
