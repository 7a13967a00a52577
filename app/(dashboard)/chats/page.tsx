import type { Metadata } from 'next';
import { Suspense } from 'react';
import { ChatsScreen } from '@/components/chats/chats-screen';
import { getConfig } from '@/lib/config';
import { requirePageUser } from '../../_lib/auth-guards';
import { getT } from '../../_lib/locale';

export const metadata: Metadata = { title: 'Chats' };

export default async function ChatsPage() {
  const user = await requirePageUser();
  const { t } = await getT();
  return (
    <>
      <h1 className="sr-only">{t.chats.title}</h1>
      <Suspense>
        <ChatsScreen canWrite={user.role === 'superadmin'} maxUploadMb={getConfig().MEDIA_MAX_MB} />
      </Suspense>
    </>
  );
}
