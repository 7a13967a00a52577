import type { RequestStatus } from '@/lib/reservations/request-status';

export interface RequestItem {
  id: number;
  code: string;
  status: RequestStatus;
  error: string | null;
  notifyAttempts: number;
  groupSource: 'override' | 'operator_default' | 'binding' | 'none' | null;
  createdAt: string;
  messageBody: string;
  customerChat: { id: number; waId: string; name: string | null };
  experience: { id: number; title: string } | null;
  operator: { id: number; name: string } | null;
  groupChat: { id: number; waId: string; name: string | null } | null;
}

export interface RequestDetail extends RequestItem {
  trace: { at: string; status: string; note?: string }[];
  notificationCommandId: number | null;
  reservation: {
    code: string;
    customerName: string;
    customerPhone: string | null;
    date: string | null;
    partySize: number;
  } | null;
}
