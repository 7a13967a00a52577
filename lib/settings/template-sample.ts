import { formatReservationDate } from '../reservations/request-context';
import { peopleText, type TemplatePlaceholder } from './render-template';

/**
 * Realistic values for the template previews in the dashboard, shaped like `templateValues` fills them for a
 * real request (the date in the same words the operator will read).
 */
export const TEMPLATE_SAMPLE: Record<TemplatePlaceholder, string | number> = {
  code: 'RES-7KQ2M',
  experience: 'Kayak al atardecer en el lago Llanquihue',
  date: formatReservationDate('2026-12-19') ?? '2026-12-19',
  partySize: 4,
  people: peopleText(4) ?? '4',
  customerName: 'Camila Rojas',
  customerPhone: '+56987654321',
  chatLink: 'https://wa.me/56987654321',
};
